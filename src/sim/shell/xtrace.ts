/**
 * `set -x`'s lines, as bash writes them to stderr: PS4's `+` once for the shell's own
 * commands and once more for each command substitution they run inside, then the words
 * as expanded, quoted where the shell would need quotes to read them back.
 */
import type { Session } from "./command.ts";

/** `+ `, `++ ` inside `$( )`, `+++ ` inside two. */
export function tracePrefix(session: Session): string {
  return `${"+".repeat(session.traceDepth ?? 1)} `;
}

/** The session a command substitution runs in: one level deeper, when tracing. */
export function substitutionSession(session: Session): Session {
  return session.opts?.xtrace ? { ...session, traceDepth: (session.traceDepth ?? 1) + 1 } : session;
}

/** A word as `set -x` shows it: quoted when the shell would need quotes to read it back. */
export function traceWord(w: string): string {
  if (w === "") return "''";
  if (/^[A-Za-z0-9_./:=@%+,^-]+$/.test(w)) return w;
  return `'${w.replace(/'/g, "'\\''")}'`;
}

/** `set -x`'s line for a command: its assignments (an empty value shown bare, `x=`) and its words. */
export function traceLine(
  session: Session,
  argv: readonly string[],
  assigns: readonly (readonly [string, string])[],
): string {
  const words = [...assigns.map(([n, v]) => `${n}=${v === "" ? "" : traceWord(v)}`), ...argv.map(traceWord)];
  return `${tracePrefix(session)}${words.join(" ")}\n`;
}
