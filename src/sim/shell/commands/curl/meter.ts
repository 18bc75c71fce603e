/**
 * curl 7.88's progress meter (lib/progress.c). curl draws it on stderr unless -s, or unless
 * the body goes to a terminal: so a learner's `curl URL | head` or `curl -o f URL` shows it,
 * and so does every line the oracle records (its stdout is a pipe). Each redraw starts with a
 * carriage return; one is drawn when the transfer starts, one a second while it waits, and a
 * last one (then a newline) when it ends. A failed transfer moves no bytes, so its meter is
 * the same on every host; a successful one shows speeds that no two runs share.
 */

const HEADER =
  "  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n" +
  "                                 Dload  Upload   Total   Spent    Left  Speed\n";

/** max5data: a size in at most five characters. */
function max5(n: number): string {
  if (n < 100_000) return String(n).padStart(5);
  if (n < 10_000 * 1024) return `${String(Math.floor(n / 1024)).padStart(4)}k`;
  if (n < 100 * 1024 * 1024) return `${(n / 1048576).toFixed(1).padStart(4)}M`;
  return `${String(Math.floor(n / 1048576)).padStart(4)}M`;
}

/** time2str: whole seconds as h:mm:ss, or dashes before the first second. */
function time2str(seconds: number): string {
  if (seconds <= 0) return "--:--:--";
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `${String(h).padStart(2)}:${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}`;
}

interface Progress {
  /** The size the server announced (Content-Length), 0 when unknown. */
  readonly expected: number;
  readonly received: number;
  readonly seconds: number;
  /** Bytes a second over the whole transfer. */
  readonly speed: number;
  /** Bytes a second over the last redraw's interval. */
  readonly current: number;
}

function line(p: Progress): string {
  const pct = (part: number) => String(p.expected > 0 ? Math.floor((part * 100) / p.expected) : 0).padStart(3);
  const total = Math.max(p.expected, p.received);
  return (
    `\r${pct(p.received)} ${max5(total)}  ${pct(p.received)} ${max5(p.received)}  ${pct(0)} ${max5(0)}  ` +
    `${max5(p.speed)}  ${max5(0)} --:--:-- ${time2str(p.seconds)} --:--:-- ${max5(p.current)}`
  );
}

export interface Meter {
  /** The heading and the first redraw, written when the transfer starts. */
  readonly start: string;
  /** A redraw for each second it waited. */
  readonly waits: string;
  /** The last redraw and the newline that ends the meter. */
  readonly last: string;
}

export interface MeterEnd {
  /** The size the server announced. */
  readonly expected?: number;
  readonly received?: number;
  /** A transfer that never had a connection (the name did not resolve) ends without a last redraw. */
  readonly noLast?: boolean;
  /** The size was announced before the waits (a body that never came): they show it too. */
  readonly waitsKnow?: boolean;
}

/**
 * The meter of a transfer that took `ms` of the lab's clock. A successful one's speeds are
 * nominal, as if it took 2 ms and its last part 1 ms (curl's clock counts whole milliseconds):
 * a real host's depend on its load, so no transcript holds them still.
 */
export function progressMeter(ms: number, end: MeterEnd): Meter {
  const { expected = 0, received = 0 } = end;
  const seconds = Math.floor(Math.max(0, ms) / 1000);
  let waits = "";
  // Bounded: the longest wait curl makes here is a SYN's give-up, 131 s.
  for (let s = 1; s < Math.min(seconds, 3600); s++)
    waits += line({ expected: end.waitsKnow ? expected : 0, received: 0, seconds: s, speed: 0, current: 0 });
  const last = end.noLast
    ? ""
    : line({ expected, received, seconds, speed: received * 500, current: received * 1000 }) + "\n";
  return { start: HEADER + line({ expected: 0, received: 0, seconds: 0, speed: 0, current: 0 }), waits, last };
}
