/**
 * How conntrack-tools 1.4.7 prints an entry: the default line (libnetfilter_conntrack's
 * snprintf, `-o extended` and `-o id` add to it), `-o xml`, `-o save` (the options that
 * would create it again), and an event's line (`[NEW]`, `[UPDATE]`, `[DESTROY]`, right
 * aligned in nine columns, without `mark` and `use`, which the kernel leaves out of events).
 */
import type { ConntrackEntry, Tuple } from "../../../netfilter/conntrack-types.ts";
import { formatEntry, remaining } from "../../../netfilter/conntrack.ts";
import type { CtOutput } from "./args.ts";

/** conntrack-tools' ids are the kernel's hash of the entry: a 32-bit number. */
export function ctId(e: ConntrackEntry): number {
  return e.id >>> 0;
}

/** One listing line, without the newline. `use` is 2 while `-G` holds the entry. */
export function listLine(e: ConntrackEntry, clock: number, out: CtOutput, use = 1): string {
  let text = formatEntry(e, clock);
  if (use !== 1) text = text.replace(/ use=1$/, ` use=${use}`);
  if (out.extended) text = `${"ipv4".padEnd(8)} 2 ${text}`;
  if (out.id) text += ` id=${ctId(e)}`;
  return text;
}

const PROTO_NUM = { tcp: 6, udp: 17, icmp: 1, igmp: 2 } as const;

function xmlTuple(t: Tuple, dir: string, proto: ConntrackEntry["proto"]): string {
  let s = `<meta direction="${dir}"><layer3 protonum="2" protoname="ipv4"><src>${t.src}</src><dst>${t.dst}</dst></layer3>`;
  const name = proto === "igmp" ? "unknown" : proto;
  s += `<layer4 protonum="${PROTO_NUM[proto]}" protoname="${name}">`;
  // ICMP's type, code and id are not printed: libnetfilter_conntrack's XML has no element for them.
  if (t.sport !== undefined) s += `<sport>${t.sport}</sport><dport>${t.dport}</dport>`;
  return s + "</layer4></meta>";
}

/** `-o xml`: one `<flow>` per entry (the document's head and tail are the caller's). */
export function xmlFlow(e: ConntrackEntry, clock: number): string {
  let s = "<flow>" + xmlTuple(e.orig, "original", e.proto) + xmlTuple(e.reply, "reply", e.proto);
  s += '<meta direction="independent">';
  if (e.tcpState) s += `<state>${e.tcpState}</state>`;
  s += `<timeout>${Math.max(0, remaining(e, clock))}</timeout><mark>${e.mark}</mark><use>1</use><id>${ctId(e)}</id>`;
  if (e.assured) s += "<assured/>";
  if (!e.seenReply) s += "<unreplied/>";
  return s + "</meta></flow>";
}

export const XML_HEAD = '<?xml version="1.0" encoding="utf-8"?>\n<conntrack>\n';
export const XML_TAIL = "</conntrack>\n";

/**
 * `-o save`: the `-A` line that would create the entry again. An address the NAT
 * rewrote is given as `-g` (the reply comes from elsewhere: DNAT) or `-n` (it goes
 * elsewhere: SNAT), the others as `-r` and `-q`.
 */
export function saveLine(e: ConntrackEntry, clock: number): string {
  const flags = [e.seenReply ? "SEEN_REPLY" : "", e.assured ? "ASSURED" : ""].filter(Boolean);
  let s = `-A -t ${Math.max(0, remaining(e, clock))}`;
  s += ` -u ${flags.length > 0 ? flags.join(",") : "UNSET"}`;
  s += ` -s ${e.orig.src} -d ${e.orig.dst}`;
  s += e.reply.src !== e.orig.dst ? ` -g ${e.reply.src}` : ` -r ${e.reply.src}`;
  s += e.reply.dst !== e.orig.src ? ` -n ${e.reply.dst}` : ` -q ${e.reply.dst}`;
  s += ` -p ${e.proto === "igmp" ? "2" : e.proto}`;
  if (e.orig.icmp && e.reply.icmp)
    s += ` --icmp-type ${e.orig.icmp.type} --icmp-code ${e.orig.icmp.code} --icmp-id ${e.orig.icmp.id}`;
  else if (e.orig.sport !== undefined)
    s += ` --sport ${e.orig.sport} --dport ${e.orig.dport} --reply-port-src ${e.reply.sport} --reply-port-dst ${e.reply.dport}`;
  if (e.tcpState) s += ` --state ${e.tcpState}`;
  return s;
}

export type EventKind = "NEW" | "UPDATE" | "DESTROY";

/**
 * An event's line, without the newline: the entry as the kernel sent it at that moment
 * (its full timeout, since the packet has just refreshed it). A deletion from userspace
 * names who asked (`[USERSPACE] portid=PID progname=conntrack`).
 */
export function eventLine(
  kind: EventKind,
  e: ConntrackEntry,
  clock: number,
  out: CtOutput,
  by?: { readonly pid: number; readonly prog: string },
): string {
  let body = formatEntry(e, clock).replace(/ mark=\d+ use=\d+$/, "");
  // An entry that timed out is reported without a timeout (the kernel skips a zero).
  if (kind === "DESTROY" && remaining(e, clock) <= 0) body = body.replace(/^(\S+ +\d+) \d+ /, "$1 ");
  if (out.extended) body = `${"ipv4".padEnd(8)} 2 ${body}`;
  if (by) body += ` [USERSPACE] portid=${by.pid} progname=${by.prog}`;
  if (out.id) body += ` id=${ctId(e)}`;
  return `${`[${kind}]`.padStart(9)} ${body}`;
}
