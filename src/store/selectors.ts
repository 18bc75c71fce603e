/** Values derived from the store; never stored themselves. */
import type { AppState } from "./types.ts";

/** The shell prompt for the machine the terminal is attached to: bash's `\u@\h:\w\$` as root. */
export function selectPrompt(s: AppState): string {
  const host = s.world?.hostname ?? "docker-host";
  return s.session.machine === "host" ? `root@${host}:~#` : `root@${s.session.machine}:/#`;
}
