/**
 * The walk on the seed world (golden p01's rules): outbound MASQUERADE, inbound DNAT,
 * NAT on the first packet only, replies un-NATed by conntrack, ip_forward=0, and the
 * four ways a connection fails (refused, dropped, no route, unresolved).
 */
import { describe, expect, it } from "vitest";
import { applyCommand, type World } from "../../../../src/sim/index.ts";
import { delRoute, getNetns, updateNetns } from "../../../../src/sim/kernel/netns.ts";
import type { TraceEvent } from "../../../../src/sim/trace/events.ts";
import { WEB, addContainer, iptables, restore, seedWorld } from "./fixture.ts";

/** A container's log as its lines read, without the time the log keeps with each (docker/log-lines.ts). */
const unstamped = (lines: readonly string[] | undefined): string[] =>
  (lines ?? []).map((l) => (l.startsWith("\u0001") ? l.slice(l.indexOf("\u0001", 1) + 1) : l));

const BAIDU_PAGE = '<html><meta http-equiv="refresh" content="0;url=http://www.baidu.com/"></html>\n';

function run(w: World, line: string, machine = "host") {
  return applyCommand(w, line, { machine });
}

function natRule(w: World, chain: string, index: number) {
  return w.netns.host!.netfilter.nat.chains.find((c) => c.name === chain)!.rules[index]!;
}

function ofType<T extends TraceEvent["type"]>(events: readonly TraceEvent[], type: T) {
  return events.filter((e): e is Extract<TraceEvent, { type: T }> => e.type === type);
}

describe("a container reaching the internet (MASQUERADE)", () => {
  it("gets baidu.com's page; the server sees the host's address; DNS and TCP each meet the nat table once", () => {
    const r = run(seedWorld(), "curl -s -m 3 baidu.com", WEB);
    expect(r).toMatchObject({ stdout: BAIDU_PAGE, stderr: "", exitCode: 0 });
    expect(r.world.logs["baidu.com"]).toEqual(['10.88.0.4 - - [29/Nov/2026 16:19:00] "GET / HTTP/1.1" 200 -']);
    // One DNS flow (A and AAAA on one socket) and one TCP connection: two NEW packets.
    expect(natRule(r.world, "POSTROUTING", 0).counters.packets).toBe(2);
    const conntrack = run(r.world, "conntrack -L");
    const lines = conntrack.stdout.split("\n").filter(Boolean);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^udp {6}17 29 src=172\.17\.0\.2 dst=203\.0\.113\.53 sport=(\d+) dport=53 src=203\.0\.113\.53 dst=10\.88\.0\.4 sport=53 dport=\1 mark=0 use=1$/,
    );
    expect(lines[1]).toMatch(
      /^tcp {6}6 119 TIME_WAIT src=172\.17\.0\.2 dst=203\.0\.113\.10 sport=(\d+) dport=80 src=203\.0\.113\.10 dst=10\.88\.0\.4 sport=80 dport=\1 \[ASSURED\] mark=0 use=1$/,
    );
    expect(conntrack.stderr).toBe("conntrack v1.4.7 (conntrack-tools): 2 flow entries have been shown.\n");
  });

  it("MASQUERADEs the SYN by rule and every later packet by conntrack", () => {
    const r = run(seedWorld(), "curl -s -m 3 http://203.0.113.10/", WEB);
    const nat = ofType(r.events, "nat").filter((e) => e.netns === "host");
    expect(nat[0]).toMatchObject({
      kind: "MASQUERADE",
      by: "rule",
      before: { src: "172.17.0.2" },
      after: { src: "10.88.0.4" },
    });
    expect(nat.slice(1).every((e) => e.by === "conntrack")).toBe(true);
    // Replies are un-SNATed on the way in, before routing sends them to docker0.
    expect(nat[1]).toMatchObject({ kind: "un-SNAT", before: { dst: "10.88.0.4" }, after: { dst: "172.17.0.2" } });
  });

  it("without MASQUERADE the request leaves but the answer never comes back (p03: exit 28)", () => {
    let w = seedWorld();
    w = run(w, "curl -s -m 3 baidu.com", WEB).world;
    w = updateNetns(w, "host", (ns) => {
      const nat = ns.netfilter.nat;
      const chains = nat.chains.map((c) => (c.name === "POSTROUTING" ? { ...c, rules: c.rules.slice(1) } : c));
      return { ...ns, conntrack: [], netfilter: { ...ns.netfilter, nat: { chains } } };
    });
    const r = run(w, "curl -s -m 3 http://203.0.113.10/", WEB);
    expect(r).toMatchObject({ stdout: "", stderr: "", exitCode: 28 });
    expect(r.world.clock - w.clock).toBe(3001);
    expect(ofType(r.events, "drop").map((d) => [d.netns, d.reason])).toContainEqual(["internet", "no-route"]);
    // The cause names where to fix it: the host's POSTROUTING let 172.17.0.2 out un-NATed.
    expect(ofType(r.events, "drop").find((d) => d.netns === "internet")?.cause).toEqual({
      code: "no-route-back",
      netns: "internet",
      addr: "172.17.0.2",
      fixAt: { netns: "host", hook: "POSTROUTING", outIface: "eth0" },
    });
  });

  it("a DROP rule's cause names the hook, chain and rule; a reply with a route is not blamed on NAT", () => {
    let w = seedWorld();
    w = run(w, "iptables -I DOCKER-USER -d 203.0.113.10 -j DROP").world;
    const r = run(w, "curl -s -m 1 http://203.0.113.10/", WEB);
    expect(ofType(r.events, "drop")[0]?.cause).toEqual({
      code: "rule-drop",
      netns: "host",
      hook: "FORWARD",
      table: "filter",
      chain: "DOCKER-USER",
      ruleIndex: 1,
      ruleText: "-A DOCKER-USER -d 203.0.113.10/32 -j DROP",
    });
    // The internet routes nowhere but its own networks: no route, not its ip_forward, is the cause.
    expect(ofType(run(seedWorld(), "curl -s -m 1 http://192.0.2.1/").events, "drop")[0]?.cause?.code).toBe("no-route");
  });
});

describe("the internet reaching a published port (DNAT)", () => {
  it("serves nginx's page; nginx logs the real client; the container's reply is un-DNATed after FORWARD", () => {
    const r = run(seedWorld(), "curl -s -m 3 http://10.88.0.4:2024/", "internet");
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain("<title>Welcome to nginx!</title>");
    expect(unstamped(r.world.logs[WEB])).toEqual([
      '10.88.0.1 - - [29/Nov/2026:16:19:00 +0000] "GET / HTTP/1.1" 200 615 "-" "curl/7.88.1" "-"',
    ]);
    const synAck = ofType(r.events, "packet").find((p) => p.label === "SYN-ACK")!;
    const hooks = ofType(r.events, "hook").filter((h) => h.packetId === synAck.packetId && h.netns === "host");
    expect(hooks.map((h) => [h.hook, h.headers.src])).toEqual([
      ["PREROUTING", "172.17.0.2"],
      ["FORWARD", "172.17.0.2"],
      ["POSTROUTING", "172.17.0.2"],
    ]);
    const unDnat = ofType(r.events, "nat").find((n) => n.packetId === synAck.packetId)!;
    expect(unDnat).toMatchObject({ kind: "un-DNAT", by: "conntrack", after: { src: "10.88.0.4", sport: 2024 } });
  });

  it("runs the nat table for the first packet only", () => {
    let w = seedWorld();
    for (let i = 0; i < 3; i++) w = run(w, "curl -s -m 3 http://10.88.0.4:2024/", "internet").world;
    expect(natRule(w, "DOCKER", 1).counters.packets).toBe(3);
    expect(natRule(w, "PREROUTING", 0).counters.packets).toBe(3);
    const fwd = w.netns.host!.netfilter.filter.chains.find((c) => c.name === "FORWARD")!;
    // Every later packet of the three connections, both ways, passed FORWARD's conntrack rule or -i docker0 rule.
    expect(fwd.rules[2]!.counters.packets).toBeGreaterThan(3);
    expect(run(w, "conntrack -L -p tcp --dport 2024").stdout.split("\n").filter(Boolean)).toHaveLength(3);
  });

  it("the host's own curl to its address is DNATed in OUTPUT; to localhost it reaches docker-proxy", () => {
    const direct = run(seedWorld(), "curl -s -m 3 http://10.88.0.4:2024/");
    expect(direct.exitCode).toBe(0);
    expect(unstamped(direct.world.logs[WEB])[0]).toMatch(/^10\.88\.0\.4 - - /);
    const local = run(seedWorld(), "curl -s -m 3 http://localhost:2024/");
    expect(local.exitCode).toBe(0);
    expect(unstamped(local.world.logs[WEB])[0]).toMatch(/^172\.17\.0\.1 - - /);
    // docker-proxy's two connections: the client's to :2024 and its own to the container.
    const flows = run(local.world, "conntrack -L").stdout.split("\n").filter(Boolean);
    expect(flows.map((l) => l.replace(/port=\d{5}/g, "port=P"))).toEqual([
      "tcp      6 119 TIME_WAIT src=127.0.0.1 dst=127.0.0.1 sport=P dport=2024 src=127.0.0.1 dst=127.0.0.1 sport=2024 dport=P [ASSURED] mark=0 use=1",
      "tcp      6 119 TIME_WAIT src=172.17.0.1 dst=172.17.0.2 sport=P dport=80 src=172.17.0.2 dst=172.17.0.1 sport=80 dport=P [ASSURED] mark=0 use=1",
    ]);
  });
});

describe("ip_forward=0 (p02)", () => {
  const off = (w: World) =>
    updateNetns(w, "host", (ns) => ({ ...ns, sysctl: { ...ns.sysctl, "net.ipv4.ip_forward": "0" } }));

  it("drops routed traffic both ways but docker-proxy on localhost still answers", () => {
    const w = off(seedWorld());
    const out = run(w, "curl -s -m 3 baidu.com", WEB);
    expect(out).toMatchObject({ stdout: "", exitCode: 28 });
    expect(ofType(out.events, "drop")[0]).toMatchObject({ netns: "host", reason: "ip-forward-off" });
    expect(run(w, "curl -s -m 3 http://10.88.0.4:2024/", "internet").exitCode).toBe(28);
    expect(run(w, "curl -s -m 3 http://localhost:2024/").exitCode).toBe(0);
  });
});

describe("how a connection fails", () => {
  it("refused: nothing listens, the kernel answers RST (exit 7)", () => {
    const r = run(seedWorld(), "curl -m 3 http://10.88.0.4:2025/");
    expect(r).toMatchObject({
      stdout: "",
      stderr: "curl: (7) Failed to connect to 10.88.0.4 port 2025 after 0 ms: Couldn't connect to server\n",
      exitCode: 7,
    });
    expect(ofType(r.events, "packet").map((p) => [p.sender, p.label])).toEqual([
      ["curl", "SYN"],
      ["kernel", "RST"],
    ]);
    expect(run(seedWorld(), "curl -s -m 3 http://10.88.0.4:2025/")).toMatchObject({ stderr: "", exitCode: 7 });
    expect(run(seedWorld(), "curl -sS -m 3 http://10.88.0.4:2025/").stderr).toBe(
      "curl: (7) Failed to connect to 10.88.0.4 port 2025 after 0 ms: Couldn't connect to server\n",
    );
  });

  it("dropped: no answer at all, curl gives up after -m seconds (exit 28)", () => {
    const w = seedWorld();
    const r = run(w, "curl -m 2 http://192.0.2.1/");
    expect(r).toMatchObject({
      stdout: "",
      stderr: "curl: (28) Connection timed out after 2001 milliseconds\n",
      exitCode: 28,
    });
    expect(r.world.clock - w.clock).toBe(2001);
    // The SYN, and its retransmission 1 s later (before curl gives up at 2 s), both lost.
    const drop = (packetId: number) => ({
      type: "drop",
      packetId,
      netns: "internet",
      reason: "no-route",
      detail: "no route to 192.0.2.1",
      cause: { code: "no-route", netns: "internet", addr: "192.0.2.1" },
    });
    expect(ofType(r.events, "drop")).toEqual([drop(1), drop(2)]);
    expect(ofType(r.events, "packet").map((e) => e.label)).toEqual(["SYN", "SYN (retransmission)"]);
    const ct1 = run(w, "curl -m 3 --connect-timeout 1 http://192.0.2.1/");
    expect(ct1.stderr).toBe("curl: (28) Failed to connect to 192.0.2.1 port 80 after 1001 ms: Timeout was reached\n");
    expect(ofType(ct1.events, "drop")).toHaveLength(2);
    // As the oracle counts them: a SYN a second at first, then backing off (0-5, 7, 11 s).
    expect(ofType(run(w, "curl -m 6 http://192.0.2.1/").events, "drop")).toHaveLength(6);
    expect(ofType(run(w, "curl -m 10 http://192.0.2.1/").events, "drop")).toHaveLength(7);
    expect(ofType(run(w, "curl -m 16 http://192.0.2.1/").events, "drop")).toHaveLength(8);
  });

  it("no route: connect() fails at once (exit 7)", () => {
    const w = updateNetns(seedWorld(), "host", (ns) => delRoute(ns, { dst: "default" }));
    const r = run(w, "curl -m 2 http://192.0.2.1/");
    expect(r).toMatchObject({
      stderr: "curl: (7) Failed to connect to 192.0.2.1 port 80 after 0 ms: Couldn't connect to server\n",
      exitCode: 7,
    });
    expect(run(seedWorld(), "curl -m 2 http://172.17.0.2/", "internet").exitCode).toBe(7);
  });

  it("unresolved: NXDOMAIN gives exit 6; an unreachable name server times out (exit 28)", () => {
    expect(run(seedWorld(), "curl -m 3 http://nosuch.example/", WEB)).toMatchObject({
      stderr: "curl: (6) Could not resolve host: nosuch.example\n",
      exitCode: 6,
    });
    // The host asks the lab's DNS, which answers NXDOMAIN as well.
    expect(run(seedWorld(), "curl -m 2 http://nosuch.example/")).toMatchObject({
      stderr: "curl: (6) Could not resolve host: nosuch.example\n",
      exitCode: 6,
    });
    const away = updateNetns(seedWorld(), "host", (ns) => ({ ...ns, nameservers: ["10.255.255.53"] }));
    const r = run(away, "curl -m 2 http://nosuch.example/");
    expect(r).toMatchObject({ stderr: "curl: (28) Resolving timed out after 2000 milliseconds\n", exitCode: 28 });
    // Nothing routes to that name server: the internet, not its ip_forward, is where the query ends.
    const dropEvent = r.events?.find((e) => e.type === "drop");
    expect(dropEvent).toMatchObject({
      netns: "internet",
      reason: "no-route",
      cause: { code: "no-route", addr: "10.255.255.53" },
    });
  });

  it("a REJECT rule refuses at once, a DROP rule times out", () => {
    const reject = iptables(seedWorld(), "host", ["-I", "DOCKER-USER", "-p", "tcp", "--dport", "80", "-j", "REJECT"]);
    expect(run(reject, "curl -s -m 3 http://10.88.0.4:2024/", "internet").exitCode).toBe(7);
    const dropped = iptables(seedWorld(), "host", ["-I", "DOCKER-USER", "-p", "tcp", "--dport", "80", "-j", "DROP"]);
    const r = run(dropped, "curl -s -m 3 http://10.88.0.4:2024/", "internet");
    expect(r.exitCode).toBe(28);
    expect(ofType(r.events, "rule").at(-1)).toMatchObject({
      table: "filter",
      chain: "DOCKER-USER",
      ruleIndex: 1,
      verdict: "DROP",
    });
  });
});

describe("userland-proxy=false (hairpin NAT, no docker-proxy)", () => {
  const HAIRPIN = `*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:DOCKER - [0:0]
-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER
-A OUTPUT -m addrtype --dst-type LOCAL -j DOCKER
-A POSTROUTING -o docker0 -m addrtype --src-type LOCAL -j MASQUERADE
-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE
-A POSTROUTING -s 172.17.0.2/32 -d 172.17.0.2/32 -p tcp -m tcp --dport 80 -j MASQUERADE
-A DOCKER -p tcp -m tcp --dport 2024 -j DNAT --to-destination 172.17.0.2:80
COMMIT
`;
  // Without the proxy dockerd also sets route_localnet on the bridge: the kernel refuses a
  // 127.0.0.1 source off lo otherwise, and localhost's DNATed SYN would be dropped.
  const world = () =>
    updateNetns(restore(seedWorld(), "host", HAIRPIN), "host", (ns) => ({
      ...ns,
      listeners: ns.listeners.filter((l) => l.app.kind !== "docker-proxy"),
      sysctl: { ...ns.sysctl, "net.ipv4.conf.docker0.route_localnet": "1" },
    }));

  it("localhost is DNATed in OUTPUT and MASQUERADEd to the bridge address", () => {
    const r = run(world(), "curl -s -m 3 http://localhost:2024/");
    expect(r.exitCode).toBe(0);
    expect(unstamped(r.world.logs[WEB])[0]).toMatch(/^172\.17\.0\.1 - - /);
  });

  it("without route_localnet the DNATed localhost SYN is dropped unconfirmed (timeout)", () => {
    const off = updateNetns(world(), "host", (ns) => ({
      ...ns,
      sysctl: { ...ns.sysctl, "net.ipv4.conf.docker0.route_localnet": "0" },
    }));
    const r = run(off, "curl -s -m 2 http://127.0.0.1:2024/");
    expect(r.exitCode).toBe(28);
    expect(ofType(r.events, "drop").some((d) => d.cause?.code === "loopback-source")).toBe(true);
    expect(getNetns(r.world, "host")!.conntrack.some((e) => e.orig.dport === 2024)).toBe(false);
  });

  it("a container reaches its own published port through the host (hairpin), seen as the gateway", () => {
    const r = run(world(), "curl -s -m 3 http://10.88.0.4:2024/", WEB);
    expect(r.exitCode).toBe(0);
    expect(unstamped(r.world.logs[WEB])[0]).toMatch(/^172\.17\.0\.1 - - /);
    const fwd = ofType(r.events, "hook").find((h) => h.hook === "FORWARD" && h.netns === "host")!;
    expect([fwd.inIface, fwd.outIface]).toEqual(["docker0", "docker0"]);
  });
});

describe("two containers on docker0 (bridged, br_netfilter)", () => {
  const OTHER = "b".repeat(64);
  it("passes FORWARD with in = out = docker0, without ip_forward, and nginx sees the real client", () => {
    let w = addContainer(seedWorld(), OTHER, "172.17.0.3", 3);
    w = updateNetns(w, "host", (ns) => ({ ...ns, sysctl: { ...ns.sysctl, "net.ipv4.ip_forward": "0" } }));
    const r = run(w, "curl -s -m 3 http://172.17.0.3/", WEB);
    expect(r.exitCode).toBe(0);
    expect(unstamped(r.world.logs[OTHER])[0]).toMatch(/^172\.17\.0\.2 - - /);
    const syn = ofType(r.events, "packet")[0]!;
    const hostHooks = ofType(r.events, "hook").filter((h) => h.packetId === syn.packetId && h.netns === "host");
    expect(hostHooks.map((h) => [h.hook, h.inIface, h.outIface])).toEqual([
      ["PREROUTING", "docker0", undefined],
      ["FORWARD", "docker0", "docker0"],
      // br_nf_post_routing passes no input device (oracle, session an03's trace).
      ["POSTROUTING", undefined, "docker0"],
    ]);
    expect(
      ofType(r.events, "rule")
        .filter((e) => e.packetId === syn.packetId)
        .at(-1)!.ruleText,
    ).toBe("-A FORWARD -i docker0 -o docker0 -j ACCEPT");
    expect(
      ofType(r.events, "hop")
        .filter((h) => h.packetId === syn.packetId)
        .map((h) => h.medium),
    ).toEqual(["veth", "bridge"]);
  });
});

describe("an address nobody answers ARP for", () => {
  it("times out under -m 2 (as the oracle shows) and fails with No route to host after 3 s otherwise", () => {
    const w = seedWorld();
    expect(run(w, "curl -m 2 http://172.17.0.99/")).toMatchObject({
      stderr: "curl: (28) Connection timed out after 2001 milliseconds\n",
      exitCode: 28,
    });
    const r = run(w, "curl http://10.88.0.77/");
    expect(r).toMatchObject({
      stderr: "curl: (7) Failed to connect to 10.88.0.77 port 80 after 3072 ms: Couldn't connect to server\n",
      exitCode: 7,
    });
    expect(r.world.clock - w.clock).toBe(3072);
    expect(ofType(r.events, "drop")[0]).toMatchObject({ netns: "host", reason: "martian" });
  });
});
