/**
 * Name resolution as glibc does it for curl: /etc/hosts first, then the first
 * nameserver of /etc/resolv.conf over UDP — an A and an AAAA query sent from one
 * socket, so both travel on one conntrack flow (the second is NATed by conntrack
 * alone). No answer means the resolver times out.
 */
import { EMBEDDED_DNS, embeddedDnsLookup } from "./embedded-dns.ts";
import { parseIpv4 } from "../ipv4.ts";
import { isIpv6 } from "../kernel/ipv6.ts";
import { parseHosts, readFile } from "../kernel/files.ts";
import { sourceAddressFor } from "../kernel/route.ts";
import { getNs, putNs, randomInt, type Socket, type WalkState } from "../kernel/stack/context.ts";
import type { Listener } from "../kernel/types.ts";
import type { DockerWorld } from "../docker/types.ts";
import { dnsAnswer } from "./dns-server.ts";
import { routeFor } from "../kernel/stack/fib-cache.ts";
import { answerTo, udpDatagram, type Packet } from "../kernel/stack/packet.ts";
import { sendPacket, type Delivery } from "../kernel/stack/walk.ts";

function killListener(st: WalkState, netns: string, l: Listener): void {
  const ns = getNs(st, netns);
  if (ns) putNs(st, { ...ns, listeners: ns.listeners.filter((x) => x !== l) });
}

export type Resolution =
  /** `address6`: the AAAA answer too (a container on an `--ipv6` network), which curl tries first. */
  | { readonly kind: "address"; readonly address: string; readonly address6?: string }
  | { readonly kind: "nxdomain" }
  /** No name server answered. */
  | { readonly kind: "timeout" };

const DNS_HEADER = 12;

function questionSize(name: string): number {
  return DNS_HEADER + name.split(".").reduce((n, l) => n + 1 + l.length, 1) + 4;
}

/** What a name server said: its answer (SERVFAIL from dockerd when its own forward failed). */
export type ServerAnswer =
  /** `more`: the records after `address`, when several answer. */
  | { readonly rcode: "NOERROR"; readonly address?: string; readonly more?: readonly string[] }
  | { readonly rcode: "NXDOMAIN" | "SERVFAIL" };

function query(
  st: WalkState<DockerWorld>,
  sock: Socket,
  server: string,
  qtype: "A" | "AAAA",
  name: string,
  flowId: number,
): ServerAnswer | "lost" | "refused" | "unsent" {
  const q = udpDatagram(sock.addr, sock.port, server, 53, `${qtype} ${name}`, questionSize(name));
  const d = sendPacket(st, sock.netns, q, {
    sender: sock.process,
    direction: "original",
    label: `DNS query ${qtype} ${name}`,
    flowId,
  });
  // No route to the server: sendto fails at once and nothing leaves.
  if (d.kind === "unreachable") return "unsent";
  // Nothing listening: the kernel's ICMP port-unreachable makes the resolver give up at once.
  if (d.kind === "refused") return "refused";
  // A REJECT's ICMP error fails the socket (glibc sets IP_RECVERR, so any code does), if it
  // gets back to it; one lost on the way leaves the resolver waiting.
  if (d.kind === "rejected") return d.replied && toSocket(d.replied, sock) ? "refused" : "lost";
  if (d.kind !== "delivered" || d.to.kind !== "listener") return "lost";
  const app = d.to.listener.app.kind;
  if (app !== "dns" && app !== "embedded-dns") return "lost";
  const dnsServer = d.to.listener;
  // dockerd's resolver (behind the container's DNAT to its port) answers in its own way.
  const ans: ServerAnswer | "lost" = app === "dns" ? dnsAnswer(qtype, name) : embeddedAnswer(st, d.netns, qtype, name);
  if (ans === "lost") return "lost";
  const records = ans.rcode !== "NOERROR" || !ans.address ? 0 : 1 + (ans.more?.length ?? 0);
  const size = questionSize(name) + 16 * records;
  const reply: Packet = {
    ...udpDatagram("", 0, "", 0, "", size),
    ...answerTo(d.pkt),
    data: `${qtype} ${name} ${ans.rcode}`,
  };
  const label =
    ans.rcode !== "NOERROR"
      ? `DNS ${ans.rcode} ${name}`
      : `DNS answer ${qtype} ${name}${ans.address ? " " + ans.address : ""}`;
  const back = sendPacket(st, d.netns, reply, { sender: d.to.listener.process, direction: "reply", label, flowId });
  if (back.kind === "unreachable" && app === "dns") {
    // The lab's DNS server (the oracle's wan-dns.py) dies when sendto() fails with
    // "Network is unreachable" — an un-MASQUERADEd query does that — and stays dead (golden p03).
    killListener(st, d.netns, dnsServer);
    return "lost";
  }
  if (!toSocket(back, sock)) return "lost";
  return ans;
}

function toSocket(d: Delivery, sock: Socket): boolean {
  return d.kind === "delivered" && d.to.kind === "socket" && d.to.socket === sock;
}

/**
 * dockerd's answer to a question that reached its resolver in `netns`: a container's
 * name it answers itself; any other name it asks its external servers from that same
 * namespace, a socket per question (the oracle's conntrack: a flow per query from the
 * container's address). A forward that cannot leave, or none at all, is SERVFAIL; one lost
 * on the way is no answer at all, and the asker times out.
 */
function embeddedAnswer(
  st: WalkState<DockerWorld>,
  netns: string,
  qtype: "A" | "AAAA",
  name: string,
): ServerAnswer | "lost" {
  const ans = embeddedDnsLookup(st.world, netns, name);
  if (ans.kind === "address") {
    if (qtype === "A" && ans.all && ans.all.length > 1) {
      // Several containers answer to the name: dockerd shuffles them for round robin.
      const pool = [...ans.all];
      const order: string[] = [];
      while (pool.length > 0) order.push(pool.splice(randomInt(st, 0, pool.length - 1), 1)[0]!);
      return { rcode: "NOERROR", address: order[0]!, more: order.slice(1) };
    }
    const address = qtype === "A" ? ans.address : ans.address6;
    return address ? { rcode: "NOERROR", address } : { rcode: "NOERROR" };
  }
  if (ans.kind === "none") return "lost";
  // No servers to ask (an internal network: dockerd does not forward there): SERVFAIL at once.
  if (ans.servers[0] === undefined) return { rcode: "SERVFAIL" };
  const sock = stubSocket(st, netns, ans.servers[0], "dockerd");
  st.sockets.push(sock);
  try {
    const r = query(st, sock, ans.servers[0], qtype, name, st.nextFlowId++);
    return r === "refused" || r === "unsent" ? { rcode: "SERVFAIL" } : r;
  } finally {
    st.sockets.splice(st.sockets.indexOf(sock), 1);
  }
}

/** A resolver's UDP socket in `netns`, bound to the address the kernel would pick to reach `server`. */
function stubSocket(st: WalkState, netns: string, server: string, process: string): Socket {
  const ns = getNs(st, netns);
  const route = ns ? routeFor(ns, server) : undefined;
  const src = ns && route ? (route.type === "local" ? server : (sourceAddressFor(ns, route) ?? "0.0.0.0")) : "0.0.0.0";
  return { netns, proto: "udp", addr: src, port: randomInt(st, 32768, 60999), process };
}

/** Resolves `name` for a process in `netns`. IP literals resolve to themselves. */
export function resolveName(st: WalkState<DockerWorld>, netns: string, process: string, name: string): Resolution {
  if (parseIpv4(name) !== null || isIpv6(name)) return { kind: "address", address: name };
  const ns = getNs(st, netns);
  if (!ns) return { kind: "timeout" };
  const hostsText = readFile(st.world, netns, "/etc/hosts");
  const hosts = hostsText !== undefined ? parseHosts(hostsText) : ns.hosts;
  if (Object.hasOwn(hosts, name)) return { kind: "address", address: hosts[name]! };
  if (name === "localhost") return { kind: "address", address: "127.0.0.1" };
  const server = ns.nameservers[0];
  if (server === undefined) return { kind: "nxdomain" };
  // glibc closes a socket whose questions were refused (an ICMP error) and asks both again
  // from a new one, a new flow: the oracle's MASQUERADE counts two packets for it (ay02), a
  // REJECT four (cr01).
  let r = askServer(st, netns, process, server, name);
  for (let t = 1; t < TRIES && r === "refused"; t++) r = askServer(st, netns, process, server, name);
  return r === "refused" ? { kind: "nxdomain" } : r;
}

/** glibc's `attempts:2`. */
const TRIES = 2;

/**
 * glibc's stub resolver: an A and an AAAA question from one socket, so both travel on one
 * conntrack flow (the second is NATed by conntrack alone). An AAAA answer is kept for
 * callers that try IPv6 first (a container on an `--ipv6` network, from the embedded DNS).
 */
function askServer(
  st: WalkState<DockerWorld>,
  netns: string,
  process: string,
  server: string,
  name: string,
): Resolution | "refused" {
  if (!getNs(st, netns)) return { kind: "timeout" };
  const flowId = st.nextFlowId++;
  const sock = stubSocket(st, netns, server, process);
  st.sockets.push(sock);
  try {
    const a = query(st, sock, server, "A", name, flowId);
    if (a === "unsent") return "refused";
    // Both questions are sent before either answer is read (send_dg), so an error for the A
    // question does not keep the AAAA one back.
    const aaaa = query(st, sock, server, "AAAA", name, flowId);
    if (a === "refused") return "refused";
    if (a === "lost") return { kind: "timeout" };
    if (a.rcode !== "NOERROR" || !a.address) return { kind: "nxdomain" };
    const six = typeof aaaa === "object" && aaaa.rcode === "NOERROR" && aaaa.address && isIpv6(aaaa.address);
    return { kind: "address", address: a.address, ...(six ? { address6: aaaa.address } : {}) };
  } finally {
    st.sockets.splice(st.sockets.indexOf(sock), 1);
  }
}

/**
 * What one DNS question got: an address, NXDOMAIN, SERVFAIL, an empty answer, or no answer
 * at all. `refused`: an ICMP port unreachable came back (nothing listens there), which
 * busybox's next write reports.
 */
export type DnsReply =
  | "nxdomain"
  | "servfail"
  | "empty"
  | "timeout"
  | "refused"
  | { readonly address: string; readonly more?: readonly string[] };

/**
 * Asks `server` about `name` as a stub resolver that reads no /etc/hosts would (busybox
 * nslookup): one UDP socket, one query per type in order, through the walk.
 */
export function askDns(
  st: WalkState<DockerWorld>,
  netns: string,
  process: string,
  server: string,
  name: string,
  qtypes: readonly ("A" | "AAAA")[],
): DnsReply[] {
  if (!getNs(st, netns)) return qtypes.map(() => "timeout");
  const sock = stubSocket(st, netns, server, process);
  st.sockets.push(sock);
  const flowId = st.nextFlowId++;
  try {
    let failed = false;
    return qtypes.map((q): DnsReply => {
      // The ICMP error an earlier question got fails this one's write: it is never sent.
      if (failed) return "refused";
      const r = query(st, sock, server, q, name, flowId);
      if (r === "lost") return "timeout";
      if (r === "refused" || r === "unsent") {
        failed = true;
        return "refused";
      }
      if (r.rcode === "NOERROR")
        return r.address ? { address: r.address, ...(r.more ? { more: r.more } : {}) } : "empty";
      return r.rcode === "NXDOMAIN" ? "nxdomain" : "servfail";
    });
  } finally {
    st.sockets.splice(st.sockets.indexOf(sock), 1);
  }
}

/**
 * getaddrinfo with AF_INET6 (`curl -6`): an IPv6 literal, or a name's IPv6 line in
 * /etc/hosts (`::1 localhost ip6-localhost`). The lab's DNS server holds no AAAA records,
 * so any other name does not resolve.
 */
function getNsOf(world: DockerWorld, id: string) {
  return Object.hasOwn(world.netns, id) ? world.netns[id] : undefined;
}

export function resolveName6(world: DockerWorld, netns: string, name: string): Resolution {
  if (isIpv6(name)) return { kind: "address", address: name };
  const text = readFile(world, netns, "/etc/hosts") ?? "";
  for (const line of text.split("\n")) {
    const [addr, ...names] = line.replace(/#.*/, "").trim().split(/\s+/);
    if (addr && isIpv6(addr) && names.includes(name)) return { kind: "address", address: addr };
  }
  // Docker's embedded DNS answers AAAA for a container on an --ipv6 network.
  if (getNsOf(world, netns)?.nameservers[0] === EMBEDDED_DNS) {
    const ans = embeddedDnsLookup(world, netns, name);
    if (ans.kind === "address" && ans.address6) return { kind: "address", address: ans.address6 };
  }
  return { kind: "nxdomain" };
}
