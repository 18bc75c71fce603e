/**
 * How long the client at the far end of an exchange waits (curl -m), so that a server
 * that would itself wait longer on something (nginx on an upstream's handshake) stops
 * when the client hangs up, as the real one does, and says it did (nginx logs a 499).
 * It lives in the walk's state, as the exchange does, so nothing is kept between calls.
 */
import type { WalkState } from "../kernel/stack/context.ts";

/** Runs one client's exchange with the clock time the client gives up at, if it has one. */
export function withPatience<T>(st: WalkState, until: number | undefined, run: () => T): T {
  const outer = st.patience;
  st.patience = { until, abandoned: false };
  try {
    return run();
  } finally {
    st.patience = outer;
  }
}

/** When the client now waiting gives up, or undefined when it waits as long as it takes. */
export function patienceEnds(st: WalkState): number | undefined {
  return st.patience?.until;
}

/** A server saw the client hang up before it could answer. */
export function clientHungUp(st: WalkState): void {
  if (st.patience) st.patience.abandoned = true;
}

export function clientAbandoned(st: WalkState): boolean {
  return st.patience?.abandoned ?? false;
}
