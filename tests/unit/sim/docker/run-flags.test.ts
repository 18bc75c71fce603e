import { describe, expect, it } from "vitest";
import { settleHealth } from "../../../../src/sim/docker/health.ts";
import { ramInBytes } from "../../../../src/sim/shell/commands/docker/run-flags.ts";
import { createWorld } from "../../../../src/sim/world.ts";
import { out, run } from "../lab.ts";

describe("docker run's environment, labels and entrypoint", () => {
  it("gives the container -e and --env-file variables, a bare NAME taken from the caller", () => {
    const w = run(createWorld(), "printf 'A=1\\n# c\\n\\nC\\n' > /tmp/env.list");
    expect(out(w, "C=host docker run --rm --env-file /tmp/env.list -e B=2 nginx sh -c 'echo $A$B$C'").stdout).toBe(
      "12host\n",
    );
    const w2 = run(w, "docker run -d -e GREETING=hi --name web nginx");
    expect(out(w2, "docker exec web sh -c 'echo $GREETING'").stdout).toBe("hi\n");
    expect(out(w2, "docker inspect -f '{{json .Config.Env}}' web").stdout).toBe('["GREETING=hi"]\n');
    expect(out(w, "docker run --rm --env-file /tmp/nope nginx true").stderr).toContain("open /tmp/nope: no such file");
  });

  it("filters ps by label and runs --entrypoint with the arguments as its command", () => {
    const w = run(createWorld(), "docker run -d --label app=web --name lab nginx", "docker run -d --name other nginx");
    expect(out(w, "docker ps --filter label=app=web --format '{{.Names}} {{.Label \"app\"}}'").stdout).toBe(
      "lab web\n",
    );
    expect(out(w, "docker run --rm --entrypoint /bin/sh nginx -c 'echo from sh'").stdout).toBe("from sh\n");
  });
});

describe("limits and health checks", () => {
  it("reads go-units sizes and refuses what the daemon refuses", () => {
    expect(ramInBytes("64m")).toBe(64 * 1024 * 1024);
    expect(ramInBytes("1gb")).toBe(1024 ** 3);
    expect(ramInBytes("lots")).toBeUndefined();
    expect(out(createWorld(), "docker run -d --memory 2m nginx").stderr).toContain(
      "Minimum memory limit allowed is 6MB",
    );
  });

  it("runs the checks that fell due: healthy on success, unhealthy after the retries fail", () => {
    const w = run(
      createWorld(),
      "docker run -d --health-cmd 'curl -fs localhost' --health-interval 1s --name ok nginx",
      "docker run -d --health-cmd 'curl -fs localhost:81' --health-interval 1s --health-retries 2 --name bad nginx",
    );
    expect(out(w, "docker inspect -f '{{.State.Health.Status}}' ok").stdout).toBe("starting\n");
    const later = run(w, "sleep 4");
    expect(out(later, "docker ps --filter health=healthy --format '{{.Names}}'").stdout).toBe("ok\n");
    expect(out(later, "docker ps --format '{{.Status}}' --filter name=bad").stdout).toMatch(/\(unhealthy\)\n$/);
    // Nothing due yet: the check is not run.
    let calls = 0;
    settleHealth(w, () => ++calls);
    expect(calls).toBe(0);
  });
});

describe("the image's server program given other arguments", () => {
  it("prints and exits for nginx -v and -t, and serves for -g 'daemon off;'", () => {
    const w = createWorld();
    const v = out(w, "docker run --rm nginx nginx -v");
    expect(v.stderr).toBe("nginx version: nginx/1.22.1\n");
    expect(out(v.world, "docker ps -aq").stdout).toBe("");
    const t = out(w, "docker run --rm nginx nginx -t");
    expect(t.stderr).toContain("test is successful");
    const served = run(w, "docker run -d --name web nginx nginx -g 'daemon off;'");
    expect(out(served, "docker ps --format '{{.Names}} {{.Status}}'").stdout).toMatch(/^web Up/);
    expect(out(served, "docker exec web curl -s -o /dev/null -w '%{http_code}' localhost").stdout).toBe("200");
  });

  it("ends a container whose main nginx has no `daemon off;`: the master forks away and the command returns 0", () => {
    const w = run(createWorld(), "docker run -d --name bg nginx nginx");
    expect(out(w, "docker wait bg").stdout).toBe("0\n");
    expect(out(w, "docker ps -q").stdout).toBe("");
    // A second master beside a running one still cannot bind :80.
    const web = run(createWorld(), "docker run -d --name web nginx");
    expect(out(web, "docker exec web nginx").stderr).toContain("still could not bind()");
  });
});
