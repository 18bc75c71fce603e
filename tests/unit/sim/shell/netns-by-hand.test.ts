/**
 * Docker's plumbing rebuilt by hand (oracle, sessions bf01–bf06 and probes of iproute2 6.1
 * and util-linux 2.38.1 on the oracle's host): a container's namespace named by a link in
 * /run/netns, /etc/netns/NAME bound over /etc under `ip netns exec`, a listening nc started
 * in a namespace as a server behind a DNAT rule of one's own, and `unshare --net`.
 */
import { describe, expect, it } from "vitest";
import { applyCommand, createWorld, type Session, type World } from "../../../../src/sim/index.ts";

const HOST: Session = { machine: "host", noTty: true };
const INTERNET: Session = { machine: "internet", noTty: true };

function session(lines: readonly string[], w: World = createWorld(4)): { out: string[]; world: World } {
  const out: string[] = [];
  for (const line of lines) {
    const on = line.startsWith("internet$ ") ? INTERNET : HOST;
    const r = applyCommand(w, line.replace(/^internet\$ /, ""), on);
    out.push(r.stdout + r.stderr + (r.exitCode !== 0 ? `[exit ${r.exitCode}]\n` : ""));
    w = r.world;
  }
  return { out, world: w };
}

const PID = "$(docker inspect -f '{{.State.Pid}}' web)";

describe("/run/netns by hand", () => {
  it("names a container's namespace with a link to /proc/PID/ns/net, made through /var/run", () => {
    const { out } = session([
      "docker run -d --name web nginx",
      "mkdir -p /var/run/netns",
      `ln -sf /proc/${PID}/ns/net /var/run/netns/web`,
      "ls -l /run/netns",
      "ip netns exec web ip -br -4 addr show eth0",
      `ip netns identify ${PID}`,
      "ip netns list",
      "ip netns add web",
      "ip netns del web",
      "ip netns exec web true",
      "docker exec web hostname -i",
    ]);
    expect(out[3]).toMatch(/^total 0\nlrwxrwxrwx 1 root root \d+ .* web -> \/proc\/\d+\/ns\/net\n$/);
    expect(out[4]).toBe("eth0@if4         UP             172.17.0.2/16 \n");
    expect(out[5]).toBe("web\n");
    expect(out[6]).toMatch(/^web \(id: \d+\)\n$/);
    expect(out[7]).toBe('Cannot create namespace file "/run/netns/web": File exists\n[exit 1]\n');
    // Deleting a link only unlinks it: the container keeps its namespace.
    expect(out[9]).toBe('Cannot open network namespace "web": No such file or directory\n[exit 255]\n');
    expect(out[10]).toBe("172.17.0.2\n");
  });

  it("shows the names ip netns add bind-mounted, which cannot be read", () => {
    const { out } = session(["ls /run/netns", "ip netns add red", "ls /var/run/netns", "cat /run/netns/red"]);
    expect(out[0]).toBe("ls: cannot access '/run/netns': No such file or directory\n[exit 2]\n");
    expect(out[2]).toBe("red\n");
    expect(out[3]).toBe("cat: /run/netns/red: Invalid argument\n[exit 1]\n");
  });
});

describe("ip -all netns", () => {
  it("runs a command in every named namespace, each headed by its name, and deletes them all", () => {
    const { out } = session([
      "ip netns add a",
      "ip netns add b",
      "ip -all netns exec ip -br link",
      "ip -all netns delete",
      "ip netns list",
    ]);
    const lo = "lo               DOWN           00:00:00:00:00:00 <LOOPBACK> \n";
    expect(out[2]).toBe(`\nnetns: b\n${lo}\nnetns: a\n${lo}`);
    expect(out[4]).toBe("");
  });
});

describe("ip netns exec and /etc/netns/NAME", () => {
  it("binds the namespace's own resolv.conf and hosts over /etc's, for the command only", () => {
    const { out } = session([
      "ip netns add red",
      "mkdir -p /etc/netns/red && echo 'nameserver 10.88.0.1' > /etc/netns/red/resolv.conf",
      "echo '10.1.2.3 fake.test' > /etc/netns/red/hosts",
      "ip netns exec red cat /etc/resolv.conf",
      "ip netns exec red getent hosts fake.test",
      "cat /etc/resolv.conf",
      "rm -rf /etc/netns/red",
      "ip netns exec red cat /etc/resolv.conf",
      "ip netns exec red getent hosts fake.test",
    ]);
    expect(out[3]).toBe("nameserver 10.88.0.1\n");
    expect(out[4]).toBe("10.1.2.3        fake.test\n");
    expect(out[5]).toBe("nameserver 203.0.113.53\n");
    expect(out[7]).toBe("nameserver 203.0.113.53\n");
    expect(out[8]).toBe("[exit 2]\n");
  });
});

describe("a server in a namespace behind a DNAT rule of one's own", () => {
  it("is a busybox nc started by ip netns exec: it keeps the request, and curl gets an empty reply", () => {
    const { out } = session([
      "ip netns add srv",
      "ip link add veth-h type veth peer name veth-n netns srv",
      "ip addr add 10.213.0.1/24 dev veth-h",
      "ip link set veth-h up",
      "ip -n srv addr add 10.213.0.2/24 dev veth-n",
      "ip -n srv link set veth-n up",
      "ip -n srv route add default via 10.213.0.1",
      "iptables -t nat -A PREROUTING -p tcp --dport 8080 -j DNAT --to-destination 10.213.0.2:8080",
      "iptables -I FORWARD -o veth-h -j ACCEPT",
      "iptables -I FORWARD -i veth-h -j ACCEPT",
      "timeout 5 ip netns exec srv busybox nc -l -p 8080 >/tmp/got 2>&1 &",
      'internet$ curl -s -m 2 http://10.88.0.4:8080/; echo "exit $?"',
      "sleep 4; head -1 /tmp/got | tr -d '\\r'",
      'internet$ curl -s -m 2 http://10.88.0.4:8080/; echo "exit $?"',
      "timeout 1 ip netns exec nosuch busybox nc -l -p 8080 &",
    ]);
    expect(out[11]).toBe("exit 52\n");
    expect(out[12]).toBe("GET / HTTP/1.1\n");
    // One client, and nc is gone: the next connection is refused by the namespace's kernel.
    expect(out[13]).toBe("exit 7\n");
  });
});

describe("unshare --net", () => {
  it("runs the program in a new namespace of its own, gone when it ends", () => {
    const { out } = session([
      "unshare --net ip -br link",
      "unshare -n sh -c 'ip link set lo up; ip -br addr'",
      "unshare --net nosuch",
      "unshare -x ip link",
      "unshare --bogus ip link",
      "ip -br link show lo",
    ]);
    expect(out[0]).toBe("lo               DOWN           00:00:00:00:00:00 <LOOPBACK> \n");
    expect(out[1]).toBe("lo               UNKNOWN        127.0.0.1/8 ::1/128 \n");
    expect(out[2]).toBe("unshare: failed to execute nosuch: No such file or directory\n[exit 127]\n");
    expect(out[3]).toBe("unshare: invalid option -- 'x'\nTry 'unshare --help' for more information.\n[exit 1]\n");
    expect(out[4]).toBe(
      "unshare: unrecognized option '--bogus'\nTry 'unshare --help' for more information.\n[exit 1]\n",
    );
    expect(out[5]).toMatch(/^lo +UNKNOWN/);
  });
});
