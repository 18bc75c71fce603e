/**
 * `@capture IFACE LINE`: the oracle prints what `tcpdump -l -n -i IFACE` on the host
 * printed while LINE ran (its packet lines; tcpdump's own stderr goes nowhere). The
 * lab's tcpdump (programs/tcpdump/) reads the same packets from LINE's trace.
 */
import { getNetns } from "../kernel/netns.ts";
import { captureOnce } from "../programs/tcpdump/capture.ts";
import { deviceError } from "../programs/tcpdump/devices.ts";
import { plainOptions } from "../programs/tcpdump/options.ts";
import type { TraceEvent } from "../trace/events.ts";
import type { World } from "../world.ts";

/** The lines `tcpdump -l -n -i IFACE` on the host prints for LINE's packets; `t0` is the clock when LINE started. */
export function captureText(world: World, iface: string, events: readonly TraceEvent[], t0: number): string {
  const host = getNetns(world, "host");
  if (!host || deviceError(host, iface) !== undefined) return "";
  return captureOnce(world, events, t0, "host", plainOptions(iface));
}
