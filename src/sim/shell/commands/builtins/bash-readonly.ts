/**
 * The variables bash 5.2 (Debian 12's 5.2.15) makes read-only itself, as `readonly -p`
 * lists them beside the shell's own: `[name, line]` pairs for the listing to sort.
 */
import type { Session } from "../../command.ts";
import { HOST_SHELL_PID } from "../../lib/procs.ts";

/** The parent of the login shell on pts/0 (its sshd session) in the host's process table. */
const LOGIN_PARENT = 861;

export function bashReadonlyVars(session: Session, nonInteractive: boolean): [string, string][] {
  const interactive = !nonInteractive && !session.noTty;
  const bashopts = [
    "checkwinsize",
    "cmdhist",
    "complete_fullquote",
    ...(interactive ? ["expand_aliases"] : []),
    "extquote",
    "force_fignore",
    "globasciiranges",
    "globskipdots",
    "hostcomplete",
    "interactive_comments",
    ...(interactive ? ["login_shell"] : []),
    "patsub_replacement",
    "progcomp",
    "promptvars",
    "sourcepath",
  ].join(":");
  const shellopts = interactive
    ? "braceexpand:emacs:hashall:histexpand:history:interactive-comments:monitor"
    : "braceexpand:hashall:interactive-comments";
  return [
    ["BASHOPTS", `declare -r BASHOPTS="${bashopts}"`],
    [
      "BASH_VERSINFO",
      `declare -ar BASH_VERSINFO=([0]="5" [1]="2" [2]="15" [3]="1" [4]="release" [5]="x86_64-pc-linux-gnu")`,
    ],
    ["EUID", `declare -ir EUID="0"`],
    ["PPID", `declare -ir PPID="${interactive ? LOGIN_PARENT : HOST_SHELL_PID}"`],
    ["SHELLOPTS", `declare -r SHELLOPTS="${shellopts}"`],
    ["UID", `declare -ir UID="0"`],
  ];
}
