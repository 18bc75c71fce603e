/** Signal names and numbers as bash's `kill` knows them on Linux (x86-64). */

const NAMES = [
  "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM",
  "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO",
  "PWR", "SYS",
]; // prettier-ignore

/** Signal number → name (without SIG), real-time ones as bash names them. */
export function signalName(n: number): string | undefined {
  if (n >= 1 && n <= 31) return NAMES[n - 1];
  if (n === 34) return "RTMIN";
  if (n >= 35 && n <= 49) return `RTMIN+${n - 34}`;
  if (n >= 50 && n <= 63) return `RTMAX-${64 - n}`;
  if (n === 64) return "RTMAX";
  return undefined;
}

/** `-9`, `KILL`, `SIGKILL`, `kill` → 9; undefined when bash would not know it. */
export function parseSignal(spec: string): number | undefined {
  if (/^\d+$/.test(spec)) {
    const n = Number(spec);
    return n === 0 || signalName(n) !== undefined ? n : undefined;
  }
  const name = spec.toUpperCase().replace(/^SIG/, "");
  for (let n = 1; n <= 64; n++) if (signalName(n) === name) return n;
  return undefined;
}

/** `kill -l`: five to a line, as bash prints the table. */
export function signalTable(): string {
  const entries: string[] = [];
  for (let n = 1; n <= 64; n++) {
    const name = signalName(n);
    if (name) entries.push(`${String(n).padStart(2)}) SIG${name}`);
  }
  let out = "";
  for (let i = 0; i < entries.length; i += 5) out += entries.slice(i, i + 5).join("\t") + "\n";
  return out;
}

/** What a signal does to a process that has not set a handler for it (signal(7)'s "default action"). */
export type SignalAction = "term" | "core" | "ignore" | "stop" | "continue";

const CORE = new Set([3, 4, 5, 6, 7, 8, 11, 24, 25, 31]);
const IGNORE = new Set([17, 23, 28]);
const STOP = new Set([19, 20, 21, 22]);

export function defaultAction(n: number): SignalAction {
  if (n === 18) return "continue";
  if (CORE.has(n)) return "core";
  if (IGNORE.has(n)) return "ignore";
  if (STOP.has(n)) return "stop";
  return "term";
}
