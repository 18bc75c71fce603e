/**
 * `@capture IFACE LINE`: the oracle prints what `tcpdump -l -n -i IFACE` on the
 * host printed while LINE ran. This is the hook for it: given the trace events of
 * LINE's packets, the lines tcpdump would print for the ones that crossed IFACE.
 * tcpdump is not modelled yet, so it prints nothing under the block's header.
 */
import type { TraceEvent } from "../trace/events.ts";

export function captureText(_iface: string, _events: readonly TraceEvent[]): string {
  return "";
}
