import { describe, expect, it } from "vitest";
import { createWorld, type World } from "../../../../src/sim/index.ts";
import { replayLine } from "../../../../src/sim/scenario/replay.ts";

/** Runs scenario lines as the oracle does (`web$ …` in container web); each line's output, `[exit N]` included. */
function typed(lines: readonly string[]): { out: string[]; world: World } {
  let world = createWorld(1);
  const out: string[] = [];
  for (const line of lines) {
    const [w, text] = replayLine(world, line);
    world = w;
    out.push(text.slice(text.indexOf("\n") + 1));
  }
  return { out, world };
}
const terminal = (lines: readonly string[]) => typed(lines).out;
const MAC = "[0-9a-f]{2}(:[0-9a-f]{2}){5}";

describe("the neighbour table, as the walk teaches it", () => {
  it("is empty on a fresh host: ip neigh and arp -n print nothing, /proc/net/arp its header", () => {
    const out = terminal(["ip neigh", "arp -n", "cat /proc/net/arp"]);
    expect(out[0]).toBe("");
    expect(out[1]).toBe("");
    expect(out[2]).toBe("IP address       HW type     Flags       HW address            Mask     Device\n");
  });

  it("a curl to a container: the host learns it REACHABLE, the container the host STALE then DELAY as it replies", () => {
    const { out, world } = typed([
      "docker run -d --name web nginx",
      "curl -s -m 3 172.17.0.2 >/dev/null",
      "ip neigh",
      "web$ ip neigh",
      "ip -s neigh",
      "arp -n",
      "arp -a",
      "cat /proc/net/arp",
    ]);
    expect(out[2]).toMatch(new RegExp(`^172\\.17\\.0\\.2 dev docker0 lladdr ${MAC} REACHABLE \\n$`));
    expect(out[3]).toMatch(new RegExp(`^172\\.17\\.0\\.1 dev eth0 lladdr ${MAC} ref 1 used 0/0/0 probes 0 DELAY\\n$`));
    expect(out[4]).toMatch(/^172\.17\.0\.2 dev docker0 lladdr \S+ {2}ref 1 used 0\/0\/0probes 4 REACHABLE \n$/);
    expect(out[5]).toMatch(
      /^Address {18}HWtype {2}HWaddress {11}Flags Mask {12}Iface\n172\.17\.0\.2 {15}ether {3}\S{17} {3}C {21}docker0\n$/,
    );
    expect(out[6]).toMatch(/^\? \(172\.17\.0\.2\) at \S+ \[ether\] on docker0\n$/);
    expect(out[7]).toMatch(/\n172\.17\.0\.2 {7}0x1 {9}0x2 {9}\S{17} {5}\* {8}docker0\n$/);
    // The table is plain data in the world, and survives a round trip through JSON.
    expect(JSON.parse(JSON.stringify(world.neigh))).toEqual(world.neigh);
  });

  it("the internet and the host learn each other when the host reaches out", () => {
    const out = terminal(["curl -s -m 3 203.0.113.10 >/dev/null", "ip neigh", "internet$ ip neigh"]);
    expect(out[1]).toMatch(/^10\.88\.0\.1 dev eth0 lladdr \S+ REACHABLE \n$/);
    expect(out[2]).toMatch(/^10\.88\.0\.4 dev eth0 lladdr \S+ DELAY \n$/);
  });

  it("a container reaching the internet teaches the host both its container and the gateway", () => {
    const out = terminal(["docker run -d --name web nginx", "web$ curl -s -m 3 203.0.113.10 >/dev/null", "ip neigh"]);
    expect(out[2]).toMatch(
      /^10\.88\.0\.1 dev eth0 lladdr \S+ REACHABLE \n172\.17\.0\.2 dev docker0 lladdr \S+ DELAY \n$/,
    );
  });

  it("entries age with the lab's clock: STALE after 30 s, DELAY when used again", () => {
    const out = terminal([
      "docker run -d --name web nginx",
      "curl -s -m 3 172.17.0.2 >/dev/null",
      "sleep 50",
      "ip neigh",
      "web$ ip neigh",
      "curl -s -m 3 172.17.0.2 >/dev/null",
      "ip neigh show dev docker0",
      "sleep 6",
      "ip -s neigh show dev docker0",
    ]);
    expect(out[3]).toMatch(/^172\.17\.0\.2 dev docker0 lladdr \S+ STALE \n$/);
    // DELAY went to REACHABLE (one probe) and aged to STALE: no reference held any more.
    expect(out[4]).toMatch(/^172\.17\.0\.1 dev eth0 lladdr \S+ used 0\/0\/0 probes 1 STALE\n$/);
    expect(out[6]).toMatch(/^172\.17\.0\.2 lladdr \S+ DELAY \n$/);
    expect(out[8]).toMatch(/^172\.17\.0\.2 lladdr \S+ {2}ref 1 used 0\/0\/0probes 1 REACHABLE \n$/);
  });

  it("a next hop that never answers is INCOMPLETE, then FAILED", () => {
    const out = terminal([
      "curl -s -m 2 http://10.88.0.9/ || true",
      "ip neigh",
      "arp -n",
      "arp -a",
      "cat /proc/net/arp",
      "sleep 3",
      "ip neigh",
    ]);
    expect(out[1]).toBe("10.88.0.9 dev eth0 INCOMPLETE \n");
    expect(out[2]).toContain("\n10.88.0.9                        (incomplete)                              eth0\n");
    expect(out[3]).toBe("? (10.88.0.9) at <incomplete> on eth0\n");
    expect(out[4]).toContain("\n10.88.0.9        0x1         0x0         00:00:00:00:00:00     *        eth0\n");
    // arp -a looked the address up in reverse: the query to 203.0.113.53 taught the host its gateway.
    expect(out[6]).toMatch(/^10\.88\.0\.1 dev eth0 lladdr \S+ REACHABLE \n10\.88\.0\.9 dev eth0 FAILED \n$/);
  });

  it("containers on a user bridge learn each other; busybox prints its own forms", () => {
    const out = terminal([
      "docker network create n1",
      "docker run -d --name c1 --network n1 nginx",
      "docker run -d --name c2 --network n1 nginx",
      "c1$ curl -s -m 3 http://c2/ >/dev/null",
      "c1$ ip neigh",
      "c2$ ip neigh",
      "c1$ arp -n",
      "c1$ ip neigh show dev eth0",
      "ip neigh",
      "c1$ curl -s -m 2 http://172.18.0.9/ || true",
      "c1$ ip neigh",
    ]);
    expect(out[4]).toMatch(/^172\.18\.0\.3 dev eth0 lladdr \S+ ref 1 used 0\/0\/0 probes 4 REACHABLE\n$/);
    expect(out[5]).toMatch(/^172\.18\.0\.2 dev eth0 lladdr \S+ ref 1 used 0\/0\/0 probes 0 DELAY\n$/);
    expect(out[6]).toMatch(/^\? \(172\.18\.0\.3\) at \S+ \[ether\] {2}on eth0\n$/);
    expect(out[7]).toMatch(/^172\.18\.0\.3 lladdr \S+ ref 1 used 0\/0\/0 probes 4 REACHABLE\n$/);
    // The name went to Docker's embedded DNS over lo: the host took no part.
    expect(out[8]).toBe("");
    expect(out[10]).toMatch(/\n172\.18\.0\.9 dev eth0 {2}ref 1 used 0\/0\/0 probes 6 INCOMPLETE\n$/);
  });

  it("entries go with their link: removing the containers empties the bridge's", () => {
    const out = terminal([
      "docker run -d --name web nginx",
      "curl -s -m 3 172.17.0.2 >/dev/null",
      "docker rm -f web",
      "ip neigh",
      "docker run -d --name web nginx",
      "web$ ip neigh",
    ]);
    expect(out[3]).toBe("");
    expect(out[5]).toBe("");
  });
});

describe("changing the table, and the tools' errors", () => {
  const learnt = ["docker run -d --name web nginx", "curl -s -m 3 172.17.0.2 >/dev/null"];

  it("ip neigh flush needs arguments; with -s it counts its rounds", () => {
    const out = terminal([
      ...learnt,
      "ip neigh flush",
      "ip -s neigh flush dev docker0",
      "ip neigh",
      "ip -s neigh flush all",
      "ip neigh flush all",
    ]);
    expect(out[2]).toBe("Flush requires arguments.\n[exit 1]\n");
    expect(out[3]).toBe("\n*** Round 1, deleting 1 entries ***\n*** Flush is complete after 1 round ***\n");
    expect(out[4]).toBe("");
    expect(out[5]).toBe("Nothing to flush.\n");
    expect(out[6]).toBe("");
  });

  it("arp -d deletes an entry; the errors are net-tools'", () => {
    const out = terminal([
      ...learnt,
      "arp -d 172.17.0.2; arp -n",
      "arp -d 10.88.0.77",
      "arp -d",
      "arp -n nosuch.example",
      "arp -x",
    ]);
    expect(out[2]).toBe("");
    expect(out[3]).toBe("No ARP entry for 10.88.0.77\n[exit 255]\n");
    expect(out[4]).toBe("arp: need host name\n[exit 255]\n");
    expect(out[5]).toBe("nosuch.example: Host name lookup failure\n[exit 255]\n");
    expect(out[6]).toMatch(/^arp: invalid option -- 'x'\nUsage:\n {2}arp \[-vn\]/);
    expect(out[6]).toMatch(/\n\[exit 3\]\n$/);
  });

  it("ip neigh add makes a PERMANENT entry that flush leaves and del removes", () => {
    const out = terminal([
      "ip neigh add 10.88.0.50 lladdr 02:00:00:00:00:01 dev eth0",
      "ip neigh",
      "ip neigh flush all",
      "arp -n",
      "ip neigh del 10.88.0.50 dev eth0",
      "ip neigh",
    ]);
    expect(out[1]).toBe("10.88.0.50 dev eth0 lladdr 02:00:00:00:00:01 PERMANENT \n");
    expect(out[3]).toContain("\n10.88.0.50               ether   02:00:00:00:00:01   CM                    eth0\n");
    expect(out[5]).toBe("");
  });

  it("iproute2's and busybox's errors", () => {
    const out = terminal([
      ...learnt,
      "ip neigh blah",
      "ip neigh show dev nosuch",
      "web$ ip neigh blah",
      "web$ ip neigh flush",
      "web$ ip neigh flush all",
      "web$ arp -d 172.17.0.1",
    ]);
    expect(out[2]).toBe('Command "blah" is unknown, try "ip neigh help".\n[exit 255]\n');
    expect(out[3]).toBe('Cannot find device "nosuch"\n[exit 1]\n');
    expect(out[4]).toBe("ip: invalid argument 'blah' to 'ip'\n[exit 1]\n");
    expect(out[5]).toBe('ip: "ip neigh flush" requires an argument\n[exit 1]\n');
    expect(out[6]).toMatch(
      /^172\.17\.0\.1 dev eth0 lladdr \S+ .*\nip: can't send flush request: Operation not permitted\n\[exit 1\]\n$/,
    );
    expect(out[7]).toBe("arp: SIOCDARP(priv): Operation not permitted\n[exit 1]\n");
  });

  it("arp -s adds a static entry on the link of an on-link route; its errors are net-tools'", () => {
    const out = terminal([
      "arp -s 10.88.0.50 02:00:00:00:00:01",
      "arp -n",
      "cat /proc/net/arp",
      "arp -s 10.88.0.51",
      "arp -s 10.88.0.52 zz",
      "arp -s 192.0.2.1 02:00:00:00:00:01",
      "arp -n 10.88.0.77",
      "arp -n -i docker0",
    ]);
    expect(out[1]).toContain("\n10.88.0.50               ether   02:00:00:00:00:01   CM                    eth0\n");
    expect(out[2]).toContain("\n10.88.0.50       0x1         0x6         02:00:00:00:00:01     *        eth0\n");
    expect(out[3]).toBe("arp: need hardware address\n[exit 255]\n");
    expect(out[4]).toBe("arp: invalid hardware address\n[exit 255]\n");
    expect(out[5]).toBe("SIOCSARP: Network is unreachable\n[exit 255]\n");
    expect(out[6]).toBe("10.88.0.77 (10.88.0.77) -- no entry\n");
    expect(out[7]).toBe("arp: in 1 entries no match found.\n");
  });

  it("ip neigh add needs a link-layer address; busybox's ip neigh knows no add", () => {
    const out = terminal([
      "ip neigh add 10.88.0.60 dev eth0",
      "ip neigh add 10.88.0.61 lladdr zz dev eth0",
      "ip neigh del 10.88.0.61 dev eth0",
      "docker run -d --name web nginx",
      "ip neigh add 10.88.0.63 lladdr 02:00:00:00:00:03 dev eth0",
      "ip neigh add 10.88.0.63 lladdr 02:00:00:00:00:04 dev eth0",
      "ip neigh replace 10.88.0.63 lladdr 02:00:00:00:00:05 dev eth0",
      "ip neigh change 10.88.0.64 lladdr 02:00:00:00:00:06 dev eth0",
      "ip neigh show 10.88.0.63",
      "web$ ip neigh add 172.17.0.9 lladdr 02:00:00:00:00:01 dev eth0",
      "web$ arp -s 172.17.0.9 02:00:00:00:00:01",
    ]);
    expect(out[0]).toBe("Error: No link layer address given.\n[exit 2]\n");
    expect(out[1]).toBe('"zz" is invalid lladdr.\n[exit 1]\n');
    expect(out[2]).toBe("RTNETLINK answers: No such file or directory\n[exit 2]\n");
    expect(out[5]).toBe("RTNETLINK answers: File exists\n[exit 2]\n");
    expect(out[7]).toBe("RTNETLINK answers: No such file or directory\n[exit 2]\n");
    expect(out[8]).toBe("10.88.0.63 dev eth0 lladdr 02:00:00:00:00:05 PERMANENT \n");
    expect(out[9]).toBe("ip: invalid argument 'add' to 'ip'\n[exit 1]\n");
    expect(out[10]).toBe("arp: SIOCSARP: Operation not permitted\n[exit 1]\n");
  });

  it("busybox arp names a container of a shared user network as Docker's embedded DNS does", () => {
    const out = terminal([
      "docker network create n1",
      "docker run -d --name c1 --network n1 nginx",
      "docker run -d --name c2 --network n1 nginx",
      "c1$ curl -s -m 3 http://c2/ >/dev/null",
      "c1$ arp -a",
      "c1$ arp",
      "c1$ arp -n",
    ]);
    expect(out[4]).toMatch(/^c2\.n1 \(172\.18\.0\.3\) at \S+ \[ether\] {2}on eth0\n$/);
    expect(out[5]).toBe(out[4]);
    expect(out[6]).toMatch(/^\? \(172\.18\.0\.3\) at /);
  });

  it("ip -6 neigh lists no IPv6 neighbours", () => {
    expect(terminal([...learnt, "ip -6 neigh"])[2]).toBe("");
  });
});

describe("ip -6", () => {
  it("lists a link-local route per link that is up with an fe80 address, docker0 once it has a port", () => {
    const out = terminal([
      "ip -6 route",
      "ip -6 route show dev docker0",
      "docker run -d --name web nginx",
      "ip -6 route",
      "ip -6 r show dev eth0",
      "web$ ip -6 route",
      "docker rm -f web",
      "ip -6 route",
    ]);
    expect(out[0]).toBe("fe80::/64 dev eth0 proto kernel metric 256 pref medium\n");
    expect(out[1]).toBe("");
    expect(out[3]).toMatch(
      /^fe80::\/64 dev eth0 proto kernel metric 256 pref medium\nfe80::\/64 dev veth\w+ proto kernel metric 256 pref medium\nfe80::\/64 dev docker0 proto kernel metric 256 pref medium\n$/,
    );
    expect(out[4]).toBe("fe80::/64 proto kernel metric 256 pref medium\n");
    expect(out[5]).toBe("");
    // docker0 keeps its address, and its route, once it had a port; without carrier the route is linkdown.
    expect(out[7]).toBe(
      "fe80::/64 dev eth0 proto kernel metric 256 pref medium\nfe80::/64 dev docker0 proto kernel metric 256 linkdown pref medium\n",
    );
  });

  it("table local: ::1 and each running link's address, a multicast route per link (linkdown without carrier)", () => {
    const out = terminal(["docker run -d --name web nginx", "docker rm -f web", "ip -6 route show table local"]);
    expect(out[2]).toMatch(
      /^local ::1 dev lo proto kernel metric 0 pref medium\nlocal fe80::\S+ dev eth0 proto kernel metric 0 pref medium\nmulticast ff00::\/8 dev eth0 proto kernel metric 256 pref medium\nmulticast ff00::\/8 dev docker0 proto kernel metric 256 linkdown pref medium\n$/,
    );
  });

  it("ip -6 addr show dev X keeps the link's qdisc and group, as one link asked for by name does", () => {
    const out = terminal(["ip -6 addr show dev lo", "ip -6 addr show dev docker0"]);
    expect(out[0]).toBe(
      "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000\n    inet6 ::1/128 scope host \n       valid_lft forever preferred_lft forever\n",
    );
    // docker0 has no IPv6 address before its first port.
    expect(out[1]).toBe("");
  });

  it("ip -6 addr lists only the links with IPv6 and only those lines", () => {
    const out = terminal(["ip -6 addr", "ip -6 -br addr", "ip -6 -o addr", "web$ ip -6 addr"]);
    expect(out[0]).toMatch(
      /^1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 state UNKNOWN qlen 1000\n {4}inet6 ::1\/128 scope host \n {7}valid_lft forever preferred_lft forever\n\d+: eth0@if\d+: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 state UP qlen 1000\n {4}inet6 fe80::\S+\/64 scope link \n {7}valid_lft forever preferred_lft forever\n$/,
    );
    expect(out[1]).toMatch(/^lo {15}UNKNOWN {8}::1\/128 \neth0@if\d+ +UP +fe80::\S+\/64 \n$/);
    expect(out[2]).toMatch(
      /^1: lo {4}inet6 ::1\/128 scope host \\ {7}valid_lft forever preferred_lft forever\n\d+: eth0 {4}inet6 fe80::/,
    );
  });
});
