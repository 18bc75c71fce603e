import { describe, expect, it } from "vitest";
import { runLine } from "../../../../src/sim/shell/run.ts";
import { createWorld, type World } from "../../../../src/sim/world.ts";

function sh(world: World, line: string, machine = "host") {
  return runLine(world, { machine }, line);
}

describe("hostname", () => {
  it("reads and sets the namespace's name", () => {
    const w = sh(createWorld(1), "hostname lab").world;
    expect(sh(w, "hostname").stdout).toBe("lab\n");
    expect(w.netns.host!.hostname).toBe("lab");
    expect(sh(createWorld(1), "hostname").stdout).toBe("docker-host\n");
    expect(sh(createWorld(1), "hostname", "internet").stdout).toBe("internet\n");
  });

  it("lists addresses with -I and resolves itself with -i", () => {
    const w = sh(createWorld(1), "docker run -d --name web nginx").world;
    expect(sh(w, "hostname -I").stdout).toBe("172.17.0.1 10.88.0.4 \n");
    expect(sh(w, "hostname -i").stdout).toBe("127.0.1.1\n");
  });

  it("answers a wrong call with its usage and 255, as Debian's hostname does", () => {
    const r = sh(createWorld(1), "hostname -a b c");
    expect(r.exitCode).toBe(255);
    expect(r.stderr.split("\n")[0]).toBe("Usage: hostname [-b] {hostname|-F file}         set host name (from file)");
  });

  it("may not rename a container (no CAP_SYS_ADMIN)", () => {
    const w = sh(createWorld(1), "docker run -d --name web nginx").world;
    const id = w.docker.containers[0]!.id;
    expect(sh(w, "hostname x", id)).toMatchObject({
      stderr: "hostname: sethostname: Operation not permitted\n",
      exitCode: 1,
    });
    expect(sh(w, "hostname", id).stdout).toBe(`${id.slice(0, 12)}\n`);
  });
});

describe("bash and sh", () => {
  it("word their errors as each shell does", () => {
    const w = createWorld(1);
    expect(sh(w, "nosuch").stderr).toBe("bash: nosuch: command not found\n");
    expect(sh(w, "bash -c nosuch").stderr).toBe("bash: line 1: nosuch: command not found\n");
    // The host's sh is dash, which numbers the line; busybox's, in the images, does not.
    expect(sh(w, "sh -c nosuch").stderr).toBe("sh: 1: nosuch: not found\n");
    expect(sh(w, "sh -c 'echo x > /nope/f'").stderr).toBe("sh: 1: cannot create /nope/f: Directory nonexistent\n");
    expect(sh(w, "bash -c 'echo x > /nope/f'").stderr).toBe("bash: line 1: /nope/f: No such file or directory\n");
  });

  it("keeps $? within a line and interleaves the streams in order", () => {
    const r = sh(createWorld(1), "nosuch; echo $?; false || echo $?");
    expect(r.stdout).toBe("127\n1\n");
    expect(r.output).toEqual([
      { stream: "stderr", text: "bash: nosuch: command not found\n" },
      { stream: "stdout", text: "127\n1\n" },
    ]);
  });

  it("feeds a here-document to the command", () => {
    expect(sh(createWorld(1), "grep -c b <<EOF\na\nb\nbb\nEOF").stdout).toBe("2\n");
  });

  it("writes files and reads them back", () => {
    let w = sh(createWorld(1), "echo one > /tmp/f; echo two >> /tmp/f").world;
    expect(sh(w, "cat /tmp/f").stdout).toBe("one\ntwo\n");
    w = sh(w, "rm /tmp/f").world;
    expect(sh(w, "cat /tmp/f").stderr).toBe("cat: /tmp/f: No such file or directory\n");
    expect(sh(w, "echo '{\"iptables\": false}' > /etc/docker/daemon.json; cat /etc/docker/daemon.json").stdout).toBe(
      '{"iptables": false}\n',
    );
  });
});

describe("sysctl -p", () => {
  it("applies /etc/sysctl.conf as edited, and nothing from Debian's comments-only file", () => {
    const w = createWorld(1);
    expect(sh(w, "sysctl -p")).toMatchObject({ stdout: "", stderr: "", exitCode: 0 });
    const r = sh(w, "echo 'net.ipv4.ip_forward = 0' >> /etc/sysctl.conf; sysctl -p; cat /proc/sys/net/ipv4/ip_forward");
    expect(r.stdout).toBe("net.ipv4.ip_forward = 0\n0\n");
    expect(sh(w, "sysctl -p /nope")).toMatchObject({
      stderr: 'sysctl: cannot open "/nope": No such file or directory\n',
      exitCode: 1,
    });
  });
});

describe("ip link show type", () => {
  it("lists links of a kind, and nothing (exit 0) for a kind it does not know, as iproute2 6.1 does", () => {
    const w = sh(createWorld(1), "docker run -d --name web nginx").world;
    expect(sh(w, "ip -br link show type bridge").stdout.split(/ +/)[0]).toBe("docker0");
    expect(
      sh(w, "ip -br link show type veth")
        .stdout.split("\n")
        .map((l) => l.split(" ")[0]),
    ).toEqual([expect.stringMatching(/^veth[0-9a-f]{7}@if3$/), "eth0@if893", ""]);
    expect(sh(w, "ip link show type bridge_slave").stdout).toMatch(/master docker0/);
    expect(sh(w, "ip link show type foo")).toMatchObject({ stdout: "", stderr: "", exitCode: 0 });
  });
});

describe("echo", () => {
  // Each expectation is what bash 5.2 printed for the same line.
  it.each([
    ['echo -e "a\\tb\\nc"', "a\tb\nc\n"],
    ['echo -ne "x\\n"', "x\n"],
    ['echo -e "a\\\\\\\\b"', "a\\b\n"],
    ['echo "a\\nb"', "a\\nb\n"],
    ['echo -e "one\\ctwo"', "one"],
    ["echo -x hi", "-x hi\n"],
    ["echo -nx hi", "-nx hi\n"],
  ])("%s", (line, out) => {
    expect(sh(createWorld(1), line).stdout).toBe(out);
  });
});
