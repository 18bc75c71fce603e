/**
 * What several lessons ask for, written once: the host's nat table DNATing a packet, the
 * request that then reaches nginx, and the question of the source address the internet sees.
 */
import type { Hook } from "../sim/netfilter/types.ts";
import type { Check, Moment, Prediction, Role } from "./types.ts";

/** A DNAT rule of the host's nat `chain` deciding a packet sent from `from` (in `hook`, when given). */
export function hostDnat(chain: string, from: Role, hook?: Hook): Moment {
  return {
    at: "rule",
    machine: "host",
    table: "nat",
    chain,
    verdict: "DNAT",
    ...(hook ? { hook } : {}),
    packet: { from },
  };
}

/** A request from the internet DNATed by the host's nat `chain`, and delivered to nginx in the container. */
export function dnatToNginx(chain: string): Check {
  return {
    kind: "all",
    checks: [
      { kind: "trace", moment: hostDnat(chain, "internet") },
      {
        kind: "trace",
        moment: { at: "deliver", machine: "container", process: "nginx", packet: { from: "internet" } },
      },
    ],
  };
}

/** Before the host's POSTROUTING: which source address will the internet see on the container's first TCP packet? */
export const SOURCE_SEEN_OUTSIDE: Prediction = {
  id: "source",
  pauseBefore: {
    at: "hook",
    machine: "host",
    hook: "POSTROUTING",
    packet: { from: "container", proto: "tcp", first: true },
  },
  answer: { kind: "address", field: "src", where: { at: "deliver", machine: "internet" }, samePacket: true },
  choices: ["container", "gateway", "host"],
};
