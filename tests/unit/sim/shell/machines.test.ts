/**
 * What is installed on each machine decides, in one place, whether a command runs
 * or the shell answers "not found" in its own words (machines/ data, shell/machine.ts).
 */
import { describe, expect, it } from "vitest";
import { applyCommand, createWorld, type Session, type World } from "../../../../src/sim/index.ts";

const HOST: Session = { machine: "host", noTty: true };

function setUp(): World {
  let w = createWorld(7);
  for (const line of [
    "docker run -d -p 2024:80 --name web nginx",
    "docker run -dit --name bb busybox",
    "docker run -dit --name ub ubuntu",
  ]) {
    const r = applyCommand(w, line, HOST);
    expect(r.exitCode).toBe(0);
    w = r.world;
  }
  return w;
}

const world = setUp();

function run(line: string, session: Session = HOST): [string, number] {
  const r = applyCommand(world, line, session);
  return [r.stdout + r.stderr, r.exitCode];
}

describe("what is installed where", () => {
  it.each([
    "docker ps",
    "systemctl status docker",
    "conntrack -L",
    "iptables -L",
    "ss -lnt",
    "xtables-monitor --trace",
  ])("the nginx container's sh has no %s", (line) => {
    const name = line.split(" ")[0]!;
    expect(run(`docker exec web sh -c '${line}'`)).toEqual([`sh: ${name}: not found\n`, 127]);
    expect(run(`docker exec web bash -c '${line}'`)).toEqual([`bash: line 1: ${name}: command not found\n`, 127]);
  });

  it("busybox's sh in the nginx image runs applets that have no link on PATH; bash and exec do not", () => {
    expect(run("docker exec web sh -c whoami")).toEqual(["root\n", 0]);
    expect(run("docker exec web bash -c whoami")).toEqual(["bash: line 1: whoami: command not found\n", 127]);
    expect(run("docker exec web whoami")[0]).toContain('exec: "whoami": executable file not found in $PATH');
    expect(run("docker exec web cat /etc/hostname")[1]).toBe(0);
  });

  it("a busybox container has no curl and no bash", () => {
    expect(run("docker exec bb sh -c 'curl -s baidu.com'")).toEqual(["sh: curl: not found\n", 127]);
    expect(run("docker exec bb sh -c 'bash -c true'")).toEqual(["sh: bash: not found\n", 127]);
    expect(run("docker exec bb ip route")[0]).toMatch(/^default via 172\.17\.0\.1 dev eth0/);
  });

  it("the ubuntu image has coreutils but no ip", () => {
    expect(run("docker exec ub bash -c 'ip route'")).toEqual(["bash: line 1: ip: command not found\n", 127]);
    expect(run("docker exec ub id")).toEqual(["uid=0(root) gid=0(root) groups=0(root)\n", 0]);
  });

  it("the internet machine has network tools but no Docker", () => {
    const internet: Session = { machine: "internet" };
    expect(run("docker ps", internet)).toEqual(["bash: docker: command not found\n", 127]);
    expect(run("systemctl restart docker", internet)).toEqual(["bash: systemctl: command not found\n", 127]);
    expect(run("ip -4 -o addr show eth0", internet)[0]).toContain("10.88.0.1/16");
  });

  it("the host has Docker, iptables and conntrack", () => {
    expect(run("docker ps -q")[1]).toBe(0);
    expect(run("iptables -t nat -S DOCKER")[0]).toContain("--to-destination 172.17.0.2:80");
    expect(run("conntrack -L")[1]).toBe(0);
  });

  it("a terminal moved into a container words errors as that container's shell", () => {
    const bb = applyCommand(world, "docker run -it busybox sh", { machine: "host" });
    expect(applyCommand(bb.world, "nosuch", bb.session).stderr).toBe("sh: nosuch: not found\n");
    const web = applyCommand(world, "docker exec -it web bash", { machine: "host" });
    expect(applyCommand(web.world, "nosuch", web.session).stderr).toBe("bash: nosuch: command not found\n");
    expect(applyCommand(web.world, "pwd", web.session).stdout).toBe("/\n");
  });
});

describe("what an image's program does, from the image's data", () => {
  it("nginx listens on :80 for IPv4 and IPv6; a shell container listens on nothing", () => {
    expect(run("docker exec web netstat -lnt")[0]).toMatch(/0\.0\.0\.0:80 .*LISTEN[\s\S]*:::80 .*LISTEN/);
    expect(run("docker exec bb netstat -lnt")[0]).not.toContain(":80");
  });

  it("a stop ends nginx with 0 and a shell, which ignores SIGTERM, with 137", () => {
    let w = applyCommand(world, "docker stop web bb", HOST).world;
    const ps = applyCommand(w, "docker ps -a --format '{{.Names}} {{.Status}}'", HOST).stdout;
    expect(ps).toMatch(/^web Exited \(0\)/m);
    expect(ps).toMatch(/^bb Exited \(137\)/m);
    w = applyCommand(w, "docker start web", HOST).world;
    expect(applyCommand(w, "systemctl restart docker", HOST).exitCode).toBe(0);
  });
});
