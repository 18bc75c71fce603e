/** The shell's trap table, as subshells and functions see it. */
import type { Session } from "./command.ts";

/** The table without one signal's action: a subshell's EXIT, a function's ERR (not inherited). */
export function withoutTrap(traps: Session["traps"], name: string): Record<string, string> {
  const rest: Record<string, string> = { ...traps };
  delete rest[name];
  return rest;
}
