/**
 * TIME-WAIT: the end of a TCP connection that closed first keeps its addresses for
 * TCP_TIMEWAIT_LEN (60 s) after the last ACK, owned by no process; `ss -tan` and
 * `netstat -tan` show it. curl closes first against nginx (HTTP/1.1), so the client
 * holds it; docker-proxy closes its backend leg first (172.17.0.1 → the container);
 * an HTTP/1.0 server (the internet's python) closes first and holds it itself. The
 * real kernel's timer wheel lets an entry linger up to ~4 s past 60 s; the lab's is exact.
 */
import type { Netns, TimeWaitSocket } from "../types.ts";
import { getNs, putNs, type WalkState } from "./context.ts";

export const TIME_WAIT_MS = 60_000;

/** The namespace's TIME-WAIT sockets still alive at `clock`, oldest first. */
export function timeWaitSockets(ns: Netns, clock: number): readonly TimeWaitSocket[] {
  const all = ns.timeWait ?? [];
  return all.some((t) => t.until <= clock) ? all.filter((t) => t.until > clock) : all;
}

/** The side of a connection that sent the first FIN enters TIME-WAIT. */
export function enterTimeWait(
  st: WalkState,
  netns: string,
  local: { readonly addr: string; readonly port: number },
  peer: { readonly addr: string; readonly port: number },
): void {
  const ns = getNs(st, netns);
  if (!ns) return;
  const clock = st.world.clock;
  const entry: TimeWaitSocket = {
    local: local.addr,
    lport: local.port,
    peer: peer.addr,
    pport: peer.port,
    until: clock + TIME_WAIT_MS,
  };
  putNs(st, { ...ns, timeWait: [...timeWaitSockets(ns, clock), entry] });
}
