/**
 * How long the client at the far end of an exchange waits (curl -m), so that a server
 * that would itself wait longer on something (nginx on an upstream's handshake) stops
 * when the client hangs up, as the real one does, and says it did (nginx logs a 499).
 */
let deadline: number | undefined;
let abandoned = false;

/** Runs one client's exchange with the clock time the client gives up at, if it has one. */
export function withPatience<T>(until: number | undefined, run: () => T): T {
  const outer = { deadline, abandoned };
  deadline = until;
  abandoned = false;
  try {
    return run();
  } finally {
    deadline = outer.deadline;
    abandoned = outer.abandoned;
  }
}

/** When the client now waiting gives up, or undefined when it waits as long as it takes. */
export function patienceEnds(): number | undefined {
  return deadline;
}

/** A server saw the client hang up before it could answer. */
export function clientHungUp(): void {
  abandoned = true;
}

export function clientAbandoned(): boolean {
  return abandoned;
}
