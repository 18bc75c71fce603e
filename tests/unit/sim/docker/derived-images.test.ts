import { describe, expect, it } from "vitest";
import { runLine } from "../../../../src/sim/shell/run.ts";
import { createWorld, type World } from "../../../../src/sim/world.ts";

function world(lines: readonly string[]): World {
  let w = createWorld();
  for (const l of lines) w = runLine(w, { machine: "host" }, l).world;
  return w;
}
const run = (w: World, line: string) => runLine(w, { machine: "host" }, line);

describe("images made by hand", () => {
  const base = [
    "docker run -d --name web nginx",
    "docker exec web sh -c 'touch /tmp/hello'",
    "docker exec web sh -c 'rm /usr/share/nginx/html/index.html'",
  ];

  it("diff lists nginx's own changes and the container's, with the directories above them", () => {
    const lines = run(world(base), "docker diff web").stdout.trim().split("\n");
    expect(lines).toContain("A /tmp/hello");
    expect(lines).toContain("C /tmp");
    expect(lines).toContain("D /usr/share/nginx/html/index.html");
    expect(lines).toContain("C /usr/share/nginx/html");
    expect(lines).toContain("A /var/run/nginx.pid");
    expect(lines).toContain("C /var/lib/nginx/body");
  });

  it("commit makes an image whose containers start with the committed files, and inherit no diff", () => {
    const w = world([...base, "docker commit web snap", "docker run -d --name s2 snap"]);
    expect(run(w, "docker exec s2 ls /tmp").stdout).toBe("hello\n");
    expect(run(w, "docker exec s2 ls /usr/share/nginx/html").stdout).toBe("");
    expect(run(w, "docker diff s2").stdout).not.toContain("/tmp/hello");
    const gone = run(w, "docker rm -f s2").world;
    expect(run(gone, "docker rmi snap").stdout.match(/Deleted:/g)).toHaveLength(2);
  });

  it("a tag names the same image, and a container made from it runs the image's program", () => {
    const w = world(["docker tag nginx mine:v1", "docker run -d --name mine mine:v1"]);
    expect(run(w, "docker images --format '{{.Repository}}:{{.Tag}}' | sort").stdout).toBe("mine:v1\nnginx:latest\n");
    expect(run(w, "docker exec mine cat /proc/1/comm").stdout).toBe("nginx\n");
  });

  it("build's ENV step gives the image's containers the variable", () => {
    const w = world(["mkdir -p /tmp/b", "printf 'FROM nginx\\nENV GREETING=hi\\n' > /tmp/b/Dockerfile"]);
    const b = run(w, "docker build -q -t greet /tmp/b");
    expect(b.stdout).toMatch(/^sha256:[0-9a-f]{64}\n$/);
    expect(b.stderr).toMatch(/^DEPRECATED: The legacy builder/);
    expect(run(b.world, "docker run --rm greet sh -c 'echo $GREETING'").stdout).toBe("hi\n");
    const bad = run(run(w, "printf 'FRM nginx\\n' > /tmp/b/Dockerfile").world, "docker build /tmp/b");
    expect(bad.stderr).toContain("unknown instruction: FRM (did you mean FROM?)");
  });

  it("save and load carry an image through a file", () => {
    const w = world(["docker save -o /tmp/n.tar nginx", "docker rmi nginx"]);
    expect(run(w, "docker images -q").stdout).toBe("");
    const r = run(w, "docker load -i /tmp/n.tar");
    expect(r.stdout).toBe("Loaded image: nginx:latest\n");
    expect(run(r.world, "docker images --format '{{.Repository}}'").stdout).toBe("nginx\n");
  });

  it("--init puts docker-init at PID 1 with the command as its child", () => {
    const w = world(["docker run -d --init --name w2 nginx"]);
    expect(run(w, "docker exec w2 cat /proc/1/comm").stdout).toBe("docker-init\n");
    expect(run(w, "docker inspect -f '{{.HostConfig.Init}}' w2").stdout).toBe("true\n");
  });
});

describe("docker load of a file a learner wrote", () => {
  it("refuses one that only starts like the lab's archive instead of throwing", () => {
    for (const text of ["lab-image-archive {bad", "lab-image-archive [1]", "lab-image-archive [{}]"]) {
      const w = world([`echo '${text}' > /tmp/x`]);
      const r = run(w, "docker load -i /tmp/x");
      expect([r.stderr, r.exitCode]).toEqual(["Error response from daemon: unexpected EOF\n", 1]);
    }
  });
});
