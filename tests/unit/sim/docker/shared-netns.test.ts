/** `--network container:REF`, as the oracle showed it on both engines (fixture m02). */
import { describe, expect, it } from "vitest";
import { createWorld } from "../../../../src/sim/index.ts";
import { advanceClock } from "../../../../src/sim/world.ts";
import { out, run } from "../lab.ts";

describe("a container sharing another's network namespace", () => {
  const base = () => run(createWorld(1), "docker run -d --name web nginx");

  it("sees web's address and reaches web's nginx on localhost", () => {
    const w = base();
    expect(out(w, "docker run --rm --network container:web nginx ip -o -4 addr | awk '{print $2, $4}'").stdout).toBe(
      "lo 127.0.0.1/8\neth0 172.17.0.2/16\n",
    );
    const curl = out(
      w,
      "docker run --rm --network container:web nginx curl -s -o /dev/null -w '%{http_code}' localhost",
    );
    expect(curl.stdout).toBe("200");
  });

  it("takes web's hostname and names web by its full id", () => {
    const w = run(base(), "docker run -d --name side --network container:web nginx");
    const id = out(w, "docker inspect -f '{{.Id}}' web").stdout.trim();
    expect(out(w, "docker exec side hostname").stdout).toBe(id.slice(0, 12) + "\n");
    expect(out(w, "docker inspect -f '{{.HostConfig.NetworkMode}}' side").stdout).toBe(`container:${id}\n`);
    expect(out(w, "docker network connect bridge side").stderr).toContain("container sharing network namespace");
  });

  it("runs a second nginx that cannot bind :80 until it gives up, 2.5 s later, with status 1", () => {
    let w = run(base(), "docker run -d --name side --network container:web nginx");
    expect(out(w, "docker inspect -f '{{.State.Status}}' side").stdout).toBe("running\n");
    w = advanceClock(w, 2600);
    expect(out(w, "docker inspect -f '{{.State.Status}} {{.State.ExitCode}}' side").stdout).toBe("exited 1\n");
    expect(out(w, "docker logs side 2>&1 | grep -c 'Address already in use'").stdout).toBe("20\n");
    // web is untouched: its nginx still answers.
    expect(out(w, "curl -s -o /dev/null -w '%{http_code}' 172.17.0.2").stdout).toBe("200");
  });

  it("refuses what cannot go with a shared namespace, first found first", () => {
    const w = base();
    expect(out(w, "docker run --rm --network container:web -h x -p 80:80 nginx true").stderr).toContain(
      "conflicting options: hostname and the network mode",
    );
    expect(out(w, "docker run --rm --network container:web -p 8080:80 nginx true").stderr).toContain(
      "conflicting options: port publishing and the container type network mode",
    );
  });

  for (const engine of ["26", "28"] as const) {
    it(`says a stopped or missing container cannot be joined (${engine}), leaving nothing behind with --rm`, () => {
      const w = run(createWorld(1, { engine }), "docker create --name idle nginx");
      const missing = out(w, "docker run --rm --network container:nosuch nginx true");
      expect(missing.code).toBe(125);
      expect(missing.stderr).toContain("No such container: nosuch");
      const idle = out(w, "docker run --rm --network container:idle nginx true");
      expect(idle.stderr).toMatch(/non running container/);
      expect(out(idle.world, "docker ps -aq | wc -l").stdout.trim()).toBe("1");
    });
  }

  it("keeps the namespace, lo alone, when the container it shares stops", () => {
    const w = run(base(), "docker run -d --name side --network container:web nginx", "docker stop web");
    // Its processes hold the namespace: web's interface is gone with web, lo stays.
    expect(out(w, "docker exec side ip -o -4 addr | awk '{print $2}'").stdout).toBe("lo\n");
    expect(out(w, "docker exec side curl -s -m 1 localhost; echo $?").stdout).toBe("7\n");
    expect(out(w, "docker ps -a --format '{{.Names}}' | sort").stdout).toBe("side\nweb\n");
  });
});
