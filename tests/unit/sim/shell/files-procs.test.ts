import { describe, expect, it } from "vitest";
import { terminal } from "./terminal.ts";

describe("ls", () => {
  it("prints columns on a terminal and one name a line into a pipe", () => {
    const { out } = terminal(["ls /", "ls / | head -3"]);
    expect(out[0]!.split("\n")[0]).toMatch(/^bin +dev +home/);
    expect(out[0]!.split("\n").every((l) => l.length <= 80)).toBe(true);
    expect(out[1]).toBe("bin\nboot\ndev\n");
  });

  it("lists a bridge's ports under brif and a port's master", () => {
    const { out } = terminal([
      "docker run -d --name web nginx",
      "ls /sys/class/net/docker0/brif | wc -l",
      "cat /sys/class/net/veth*/master/ifindex /sys/class/net/docker0/ifindex",
    ]);
    expect(out[1]).toBe("1\n");
    const [a, b] = out[2]!.trim().split("\n");
    expect(a).toBe(b);
  });

  it("lists every counter of statistics/ (the oracle's busybox ls)", () => {
    const { out } = terminal([
      "docker run -d --name web nginx",
      "docker exec web ls /sys/class/net/eth0/statistics | head -5",
      "docker exec web ls /sys/class/net/eth0/statistics | wc -l",
    ]);
    expect(out[1]).toBe("collisions\nmulticast\nrx_bytes\nrx_compressed\nrx_crc_errors\n");
    expect(out[2]).toBe("24\n");
  });

  it("shows a symbolic link named on the command line itself under -F (GNU and busybox ls)", () => {
    const { out } = terminal([
      "docker run -d --name web nginx",
      "docker exec web ls -F /sys/class/net/eth0",
      "ls -F /sys/class/net/docker0; ls -F /sys/class/net/docker0/ | grep -c /",
    ]);
    expect(out[1]).toBe("/sys/class/net/eth0@\n");
    expect(out[2]).toMatch(/^\/sys\/class\/net\/docker0@\n[1-9]\d*\n$/);
  });

  it("shows the container's own interfaces in its /sys, and the host's under nsenter -n", () => {
    const { out } = terminal([
      "docker run -d --name web nginx",
      "docker exec web ls /sys/class/net",
      "nsenter -t $(docker inspect -f '{{.State.Pid}}' web) -n ls /sys/class/net | grep -c docker0",
    ]);
    expect(out[1]).toBe("eth0\nlo\n");
    expect(out[2]).toBe("1\n");
  });
});

describe("the process table", () => {
  it("agrees between docker inspect, ps, pgrep, ss -p and /proc", () => {
    const { out } = terminal([
      "docker run -d -p 2024:80 --name web nginx",
      "docker inspect -f '{{.State.Pid}}' web",
      "pgrep -o -x nginx",
      "ss -ltnp | grep -o 'pid=[0-9]*' | head -1",
      "pgrep -o -f docker-proxy",
      "cat /proc/$(pgrep -o -x nginx)/comm",
      "ps -eo user,args | grep 'nginx: worker'",
      "ps aux | grep -c 'grep -c'",
    ]);
    expect(out[2]).toBe(out[1]);
    expect(out[3]).toBe(`pid=${out[4]!.trim()}\n`);
    expect(out[5]).toBe("nginx\n");
    // uid 101 is sshd's on a Debian 12 host, nginx's in the image.
    expect(out[6]).toMatch(/^sshd +nginx: worker process\n/);
    // The pipeline's own commands are running when ps looks.
    expect(out[7]).toBe("1\n");
  });

  it("takes pgrep's -d delimiter joined to its option, clustered, or as --delimiter=", () => {
    const { out } = terminal([
      "docker run -d -p 2024:80 --name web nginx",
      "pgrep -d, docker-proxy",
      "ps -o user=,comm= -p $(pgrep -d, -f '[d]ocker-proxy')",
      "pgrep -fd: '[d]ocker-proxy'",
      "pgrep --delimiter=' ' -x docker-proxy",
      "pgrep -ld, docker-proxy",
      "pgrep -d",
    ]);
    expect(out[1]).toMatch(/^\d+,\d+\n$/);
    // ps reads a comma list after -p (the oracle's ai03).
    expect(out[2]).toBe("root     docker-proxy\nroot     docker-proxy\n");
    expect(out[3]).toBe(out[1]!.replace(",", ":"));
    expect(out[4]).toBe(out[1]!.replace(",", " "));
    expect(out[5]).toMatch(/^\d+ docker-proxy,\d+ docker-proxy\n$/);
    expect(out[6]).toMatch(/^pgrep: option requires an argument -- 'd'\n\nUsage:\n pgrep \[options\] <pattern>\n/);
  });

  it("selects by pgrep's -u/-U users and -P parents, with procps' words for what it cannot read", () => {
    const { out } = terminal([
      "docker run -d -p 2024:80 --name web nginx",
      "pgrep -u root -x docker-proxy | wc -l",
      "pgrep -U 101 nginx | wc -l; pgrep --euid=root,101 nginx | wc -l",
      "pgrep -P 1 -x dockerd | wc -l; pgrep -lP 1 | grep -c dockerd",
      "pgrep -u nosuch nginx; echo rc=$?",
      "pgrep -P abc nginx; echo rc=$?",
      "pgrep -u root >/dev/null; echo rc=$?",
    ]);
    expect(out[1]).toBe("2\n");
    // The worker runs as uid 101 (sshd's on the host), the master as root.
    expect(out[2]).toBe("1\n2\n");
    expect(out[3]).toBe("1\n1\n");
    expect(out[4]).toBe("pgrep: invalid user name: nosuch\nrc=2\n");
    expect(out[5]).toBe("pgrep: not a number: abc\nrc=2\n");
    expect(out[6]).toBe("rc=0\n");
  });

  it("takes ps's -u/-U users, BSD's axo FORMAT and --sort keys", () => {
    const { out } = terminal([
      "docker run -d -p 2024:80 --name web nginx",
      "ps -u root -o comm= | grep -c docker-proxy; ps -U sshd -o comm=",
      "ps -u nosuch 2>&1 | head -1; ps -u nosuch >/dev/null 2>&1; echo rc=$?",
      "ps axo pid,comm | head -1; ps axo comm | grep -c nginx",
      "ps -eo pid= --sort=-pid",
      "ps -eo pid=",
      "ps --sort=bogus 2>&1 | head -1; ps -o pid --sort 2>&1 | head -1",
    ]);
    expect(out[1]).toBe("2\nnginx\n");
    expect(out[2]).toBe("error: user name does not exist\nrc=1\n");
    expect(out[3]).toBe("    PID COMMAND\n2\n");
    const pids = (o: string) => o.trim().split(/\s+/).map(Number);
    expect(pids(out[4]!)).toEqual([...pids(out[4]!)].sort((a, b) => b - a));
    expect(pids(out[5]!)).toEqual([...pids(out[5]!)].sort((a, b) => a - b));
    expect(out[6]).toBe("error: unknown sort specifier\nerror: long sort specification must follow --sort\n");
  });

  it("gives each docker exec the container's next PIDs", () => {
    const { out } = terminal([
      "docker run -d --name web nginx",
      "docker exec web sh -c ps",
      "docker exec web sh -c ps",
      "docker exec web sh -c 'ps; ps' | grep -c 'sh -c ps; ps'",
    ]);
    expect(out[1]).toBe(
      "PID   USER     COMMAND\n    1 root     nginx: master process nginx -g daemon off;\n    7 nginx    nginx: worker process\n    8 root     {ps} sh -c ps\n",
    );
    expect(out[2]).toContain("   14 root     {ps} sh -c ps\n");
    expect(out[3]).toBe("3\n");
  });
});

describe("nsenter", () => {
  it("moves a terminal into the network namespace until exit, keeping the host's programs", () => {
    const { out, s } = terminal([
      "docker run -d --name web nginx",
      "cd /tmp",
      "nsenter -t $(docker inspect -f '{{.State.Pid}}' web) -n",
      "ip -4 -br addr show eth0",
      "iptables -t nat -S | wc -l",
      "exit",
      "pwd",
    ]);
    expect(out[3]).toMatch(/^eth0@if\d+ +UP +172\.17\.0\.2\/16/);
    expect(out[4]).toBe("4\n");
    expect(out[6]).toBe("/tmp\n");
    expect(s.machine).toBe("host");
  });
  it("runs the host's own ping (iputils) in the container's namespace, and busybox's in the container", () => {
    const { out } = terminal([
      "docker run -d --name web nginx",
      "nsenter -t $(docker inspect -f '{{.State.Pid}}' web) -n ping -c 1 203.0.113.10",
      "docker exec web ping -c 1 203.0.113.10",
    ]);
    expect(out[1]).toMatch(
      /^PING 203\.0\.113\.10 \(203\.0\.113\.10\) 56\(84\) bytes of data\.\n64 bytes from 203\.0\.113\.10: icmp_seq=1 ttl=63 /,
    );
    expect(out[2]).toMatch(
      /^PING 203\.0\.113\.10 \(203\.0\.113\.10\): 56 data bytes\n64 bytes from 203\.0\.113\.10: seq=0 ttl=63 /,
    );
  });
});
