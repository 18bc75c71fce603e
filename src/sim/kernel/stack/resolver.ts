/**
 * Name resolution as glibc does it for curl: /etc/hosts first, then the first
 * nameserver of /etc/resolv.conf over UDP — an A and an AAAA query sent from one
 * socket, so both travel on one conntrack flow (the second is NATed by conntrack
 * alone). No answer means the resolver times out.
 */
import { parseIpv4 } from "../ipv4.ts";
import { parseHosts, readFile } from "../files.ts";
import { lookupRoute, sourceAddressFor } from "../route.ts";
import { getNs, randomInt, type Socket, type WalkState } from "./context.ts";
import { dnsAnswer } from "./apps.ts";
import { answerTo, udpDatagram, type Packet } from "./packet.ts";
import { sendPacket } from "./walk.ts";

export type Resolution =
  | { readonly kind: "address"; readonly address: string }
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
): Resolution | "lost" {
  const q = udpDatagram(sock.addr, sock.port, server, 53, `${qtype} ${name}`, questionSize(name));
  const d = sendPacket(st, sock.netns, q, {
    sender: sock.process,
    direction: "original",
    label: `DNS query ${qtype} ${name}`,
    flowId,
  });
  if (d.kind !== "delivered" || d.to.kind !== "listener" || d.to.listener.app.kind !== "dns") return "lost";
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
  if (back.kind !== "delivered" || back.to.kind !== "socket" || back.to.socket !== sock) return "lost";
  if (ans.rcode === "NXDOMAIN") return { kind: "nxdomain" };
  return ans.address ? { kind: "address", address: ans.address } : { kind: "nxdomain" };
}

/** Resolves `name` for a process in `netns`. IP literals resolve to themselves. */
export function resolveName(st: WalkState, netns: string, process: string, name: string): Resolution {
  if (parseIpv4(name) !== null) return { kind: "address", address: name };
  const ns = getNs(st, netns);
  if (!ns) return { kind: "timeout" };
  const hostsText = readFile(st.world, netns, "/etc/hosts");
  const hosts = hostsText !== undefined ? parseHosts(hostsText) : ns.hosts;
  if (Object.hasOwn(hosts, name)) return { kind: "address", address: hosts[name]! };
  if (name === "localhost") return { kind: "address", address: "127.0.0.1" };
  const server = ns.nameservers[0];
  if (server === undefined) return { kind: "nxdomain" };
  const route = lookupRoute(ns, server);
  const src = route ? (route.type === "local" ? server : (sourceAddressFor(ns, route) ?? "0.0.0.0")) : "0.0.0.0";
  const sock: Socket = { netns, proto: "udp", addr: src, port: randomInt(st, 32768, 60999), process };
  st.sockets.push(sock);
  const flowId = st.nextFlowId++;
  try {
    const a = query(st, sock, server, "A", name, flowId);
    const aaaa = query(st, sock, server, "AAAA", name, flowId);
    if (a === "lost" && aaaa === "lost") return { kind: "timeout" };
    if (a === "lost") return { kind: "timeout" };
    return a;
  } finally {
    st.sockets.splice(st.sockets.indexOf(sock), 1);
  }
}
