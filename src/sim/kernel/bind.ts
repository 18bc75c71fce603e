/**
 * What bind(2) says to a server taking `addr:port` in a namespace: an address the
 * namespace does not have is EADDRNOTAVAIL (the local table decides, so any 127/8 address
 * is there), and a port a listener already holds on the same address, or where either
 * side is a wildcard, is EADDRINUSE (busybox sets SO_REUSEADDR, which lets a TIME-WAIT
 * pass but never a listener).
 */
import { isLocalAddress } from "./addrtype.ts";
import type { Netns } from "./types.ts";

export type BindError = "Cannot assign requested address" | "Address already in use";

const wild = (a: string) => a === "0.0.0.0" || a === "::";

export function bindError(ns: Netns, proto: "tcp" | "udp", addr: string, port: number): BindError | undefined {
  if (!wild(addr) && !isLocalAddress(ns, addr)) return "Cannot assign requested address";
  const taken = ns.listeners.some(
    (l) => l.proto === proto && l.port === port && (l.addr === addr || wild(l.addr) || wild(addr)),
  );
  return taken ? "Address already in use" : undefined;
}
