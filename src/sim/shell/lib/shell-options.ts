/**
 * bash 5.2's options: `shopt`'s, in the order bash's table lists them, and `set -o`'s, with
 * the values a non-interactive bash starts with (as the oracle's `bash -c` printed them,
 * recording ld06). An interactive shell (the lab's terminal) also has its aliases expanded,
 * line editing, history and job control, and a login shell says so.
 */
import type { Session } from "../command.ts";

export const SHOPT_DEFAULTS: readonly (readonly [string, boolean])[] = [
  ["autocd", false],
  ["assoc_expand_once", false],
  ["cdable_vars", false],
  ["cdspell", false],
  ["checkhash", false],
  ["checkjobs", false],
  ["checkwinsize", true],
  ["cmdhist", true],
  ["compat31", false],
  ["compat32", false],
  ["compat40", false],
  ["compat41", false],
  ["compat42", false],
  ["compat43", false],
  ["compat44", false],
  ["complete_fullquote", true],
  ["direxpand", false],
  ["dirspell", false],
  ["dotglob", false],
  ["execfail", false],
  ["expand_aliases", false],
  ["extdebug", false],
  ["extglob", false],
  ["extquote", true],
  ["failglob", false],
  ["force_fignore", true],
  ["globasciiranges", true],
  ["globskipdots", true],
  ["globstar", false],
  ["gnu_errfmt", false],
  ["histappend", false],
  ["histreedit", false],
  ["histverify", false],
  ["hostcomplete", true],
  ["huponexit", false],
  ["inherit_errexit", false],
  ["interactive_comments", true],
  ["lastpipe", false],
  ["lithist", false],
  ["localvar_inherit", false],
  ["localvar_unset", false],
  ["login_shell", false],
  ["mailwarn", false],
  ["no_empty_cmd_completion", false],
  ["nocaseglob", false],
  ["nocasematch", false],
  ["noexpand_translation", false],
  ["nullglob", false],
  ["patsub_replacement", true],
  ["progcomp", true],
  ["progcomp_alias", false],
  ["promptvars", true],
  ["restricted_shell", false],
  ["shift_verbose", false],
  ["sourcepath", true],
  ["varredir_close", false],
  ["xpg_echo", false],
];

export const SET_O_DEFAULTS: readonly (readonly [string, boolean])[] = [
  ["allexport", false],
  ["braceexpand", true],
  ["emacs", false],
  ["errexit", false],
  ["errtrace", false],
  ["functrace", false],
  ["hashall", true],
  ["histexpand", false],
  ["history", false],
  ["ignoreeof", false],
  ["interactive-comments", true],
  ["keyword", false],
  ["monitor", false],
  ["noclobber", false],
  ["noexec", false],
  ["noglob", false],
  ["nolog", false],
  ["notify", false],
  ["nounset", false],
  ["onecmd", false],
  ["physical", false],
  ["pipefail", false],
  ["posix", false],
  ["privileged", false],
  ["verbose", false],
  ["vi", false],
  ["xtrace", false],
];

/** `set`'s one-letter flags and the `-o` names they stand for. */
export const SET_LETTERS: Readonly<Record<string, string>> = {
  a: "allexport",
  b: "notify",
  e: "errexit",
  f: "noglob",
  h: "hashall",
  k: "keyword",
  m: "monitor",
  n: "noexec",
  p: "privileged",
  t: "onecmd",
  u: "nounset",
  v: "verbose",
  x: "xtrace",
  B: "braceexpand",
  C: "noclobber",
  E: "errtrace",
  H: "histexpand",
  P: "physical",
  T: "functrace",
};

const INTERACTIVE_SHOPT = new Set(["expand_aliases", "login_shell"]);
const INTERACTIVE_SET = new Set(["emacs", "histexpand", "history", "monitor"]);

const interactive = (session: Session) => (session.shell ?? "bash") === "bash" && !session.noTty;

export const isShopt = (name: string) => SHOPT_DEFAULTS.some(([n]) => n === name);
export const isSetOption = (name: string) => SET_O_DEFAULTS.some(([n]) => n === name);

/** Whether a `shopt` option is on in this shell. */
export function shoptOn(session: Session, name: string): boolean {
  const set = session.shopts?.[name];
  if (set !== undefined) return set;
  if (interactive(session) && INTERACTIVE_SHOPT.has(name)) return true;
  return SHOPT_DEFAULTS.find(([n]) => n === name)?.[1] ?? false;
}

/** Whether a `set -o` option is on in this shell. */
export function setOptionOn(session: Session, name: string): boolean {
  const set = session.opts?.[name];
  if (set !== undefined) return set;
  if (interactive(session) && INTERACTIVE_SET.has(name)) return true;
  return SET_O_DEFAULTS.find(([n]) => n === name)?.[1] ?? false;
}

/** A line of `shopt`'s and `set -o`'s listing. */
export const optionLine = (name: string, on: boolean) => `${name.padEnd(15)}\t${on ? "on" : "off"}\n`;

/** `set -o` without a name (or `set +o`, as commands that restore them). */
export function setOptionListing(session: Session, asCommands: boolean): string {
  return SET_O_DEFAULTS.map(([n]) => {
    const on = setOptionOn(session, n);
    return asCommands ? `set ${on ? "-" : "+"}o ${n}\n` : optionLine(n, on);
  }).join("");
}
