/**
 * print-icmp.c's words for a destination-unreachable: the quoted header's destination in a
 * phrase per code, and for a port the quoted protocol and port (numeric under -n).
 */
import type { IcmpQuoted } from "../../trace/events.ts";

const PROTO_NUMBER = { tcp: 6, udp: 17, icmp: 1 } as const;

/** unreach2str, by code; the codes with a port or protocol are printed apart. */
const UNREACH: Readonly<Record<number, string>> = {
  0: "net %s unreachable",
  1: "host %s unreachable",
  5: "%s unreachable - source route failed",
  6: "net %s unreachable - unknown",
  7: "host %s unreachable - unknown",
  8: "%s unreachable - source host isolated",
  9: "net %s unreachable - admin prohibited",
  10: "host %s unreachable - admin prohibited",
  11: "net %s unreachable - tos prohibited",
  12: "host %s unreachable - tos prohibited",
  13: "host %s unreachable - admin prohibited filter",
  14: "host %s unreachable - host precedence violation",
  15: "host %s unreachable - precedence cutoff",
};

export function unreachText(code: number, inner: IcmpQuoted): string {
  const dst = inner.dst;
  if (code === 2) return `${dst} protocol ${PROTO_NUMBER[inner.proto]} unreachable`;
  if (code === 3) {
    const port = inner.dport ?? 0;
    if (inner.proto === "tcp" || inner.proto === "udp") return `${dst} ${inner.proto} port ${port} unreachable`;
    return `${dst} protocol ${PROTO_NUMBER[inner.proto]} port ${port} unreachable`;
  }
  return (UNREACH[code] ?? `#${code} %s unreachable`).replace("%s", dst);
}

/** icmp_send's errors carry IPTOS_PREC_INTERNETCONTROL; echo replies keep the request's tos. */
export function isIcmpError(type: number): boolean {
  return type === 3 || type === 4 || type === 5 || type === 11 || type === 12;
}
