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
import { sendPacket } from "../kernel/stack/walk.ts";

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

function query(
  st: WalkState,
  sock: Socket,
  server: string,
  qtype: "A" | "AAAA",
  name: string,
  flowId: number,
): Resolution | "lost" | "refused" {
  const q = udpDatagram(sock.addr, sock.port, server, 53, `${qtype} ${name}`, questionSize(name));
  const d = sendPacket(st, sock.netns, q, {
    sender: sock.process,
    direction: "original",
    label: `DNS query ${qtype} ${name}`,
    flowId,
  });
  // Nothing listening: the kernel's ICMP port-unreachable makes the resolver give up at once.
  // No route to the server (sendto fails at once) counts the same.
  if (d.kind === "refused" || d.kind === "rejected" || d.kind === "unreachable") return "refused";
  if (d.kind !== "delivered" || d.to.kind !== "listener" || d.to.listener.app.kind !== "dns") return "lost";
  const dnsServer = d.to.listener;
  const ans = dnsAnswer(qtype, name);
  const size = questionSize(name) + (ans.rcode === "NOERROR" && ans.address ? 16 : 0);
  const reply: Packet = {
    ...udpDatagram("", 0, "", 0, "", size),
    ...answerTo(d.pkt),
    data: `${qtype} ${name} ${ans.rcode}`,
  };
  const label =
    ans.rcode === "NXDOMAIN"
      ? `DNS NXDOMAIN ${name}`
      : `DNS answer ${qtype} ${name}${ans.address ? " " + ans.address : ""}`;
  const back = sendPacket(st, d.netns, reply, { sender: d.to.listener.process, direction: "reply", label, flowId });
  if (back.kind === "unreachable") {
    // The lab's DNS server (the oracle's wan-dns.py) dies when sendto() fails with
    // "Network is unreachable" — an un-MASQUERADEd query does that — and stays dead (golden p03).
    killListener(st, d.netns, dnsServer);
    return "lost";
  }
  if (back.kind !== "delivered" || back.to.kind !== "socket" || back.to.socket !== sock) return "lost";
  if (ans.rcode === "NXDOMAIN") return { kind: "nxdomain" };
  return ans.address ? { kind: "address", address: ans.address } : { kind: "nxdomain" };
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
  if (server === EMBEDDED_DNS) {
    // Docker's embedded DNS lives in dockerd: container names are answered there, other
    // names are forwarded to the daemon's servers from the container's own namespace, a
    // socket per query (the oracle's conntrack: two flows from the container's address).
    const ans = embeddedDnsLookup(st.world, netns, name);
    if (ans.kind === "address") return ans;
    if (ans.kind === "none" || ans.servers[0] === undefined) return { kind: "nxdomain" };
    return askServer(st, netns, "dockerd", ans.servers[0], name, true);
  }
  return askServer(st, netns, process, server, name);
}

type QueryType = "A" | "AAAA";

/** Queries `server` for `name`, each query type in turn; with `socketPerQuery` each from a socket of its own. */
function askServer(
  st: WalkState,
  netns: string,
  process: string,
  server: string,
  name: string,
  socketPerQuery = false,
): Resolution {
  const ns = getNs(st, netns);
  if (!ns) return { kind: "timeout" };
  const route = routeFor(ns, server);
  const src = route ? (route.type === "local" ? server : (sourceAddressFor(ns, route) ?? "0.0.0.0")) : "0.0.0.0";
  const flowId = st.nextFlowId++;
  let sock: Socket | undefined;
  const ask = (qtype: QueryType, flow: number) => {
    if (!sock || socketPerQuery) {
      if (sock) st.sockets.splice(st.sockets.indexOf(sock), 1);
      sock = { netns, proto: "udp", addr: src, port: randomInt(st, 32768, 60999), process };
      st.sockets.push(sock);
    }
    return query(st, sock, server, qtype, name, flow);
  };
  try {
    const a = ask("A", flowId);
    if (a === "refused") return { kind: "nxdomain" };
    ask("AAAA", socketPerQuery ? st.nextFlowId++ : flowId);
    return a === "lost" ? { kind: "timeout" } : a;
  } finally {
    if (sock) st.sockets.splice(st.sockets.indexOf(sock), 1);
  }
}

/** What one DNS question got: an address, NXDOMAIN, an empty answer, or no answer at all. */
/** `refused`: an ICMP port unreachable came back (nothing listens there), which busybox's next write reports. */
export type DnsReply = "nxdomain" | "empty" | "timeout" | "refused" | { readonly address: string };

/**
 * Asks `server` about `name` as a stub resolver that reads no /etc/hosts would (busybox
 * nslookup): one UDP socket, one query per type in order, through the walk. Docker's
 * embedded DNS (127.0.0.11) answers container names itself and forwards the rest.
 */
export function askDns(
  st: WalkState<DockerWorld>,
  netns: string,
  process: string,
  server: string,
  name: string,
  qtypes: readonly ("A" | "AAAA")[],
): DnsReply[] {
  if (server === EMBEDDED_DNS) {
    const ans = embeddedDnsLookup(st.world, netns, name);
    if (ans.kind === "address")
      return qtypes.map((q) =>
        q === "A" ? { address: ans.address } : ans.address6 ? { address: ans.address6 } : "empty",
      );
    // Nothing listens on 127.0.0.11 outside a user network: the loopback answers port unreachable.
    if (ans.kind === "none") return qtypes.map(() => "refused");
    if (ans.servers[0] === undefined) return qtypes.map(() => "timeout");
    return askDns(st, "host", "dockerd", ans.servers[0], name, qtypes);
  }
  const ns = getNs(st, netns);
  if (!ns) return qtypes.map(() => "timeout");
  const route = routeFor(ns, server);
  const src = route ? (route.type === "local" ? server : (sourceAddressFor(ns, route) ?? "0.0.0.0")) : "0.0.0.0";
  const sock: Socket = { netns, proto: "udp", addr: src, port: randomInt(st, 32768, 60999), process };
  st.sockets.push(sock);
  const flowId = st.nextFlowId++;
  try {
    return qtypes.map((q): DnsReply => {
      const r = query(st, sock, server, q, name, flowId);
      if (r === "lost") return "timeout";
      if (r === "refused") return "refused";
      if (r.kind === "address") return { address: r.address };
      // The server answered: NOERROR without a record (AAAA here) or NXDOMAIN.
      if (r.kind === "nxdomain") return dnsAnswer(q, name).rcode === "NOERROR" ? "empty" : "nxdomain";
      return "timeout";
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
