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

/**
 * busybox ash's `set -o` options, in its table's order, with their letters (`set -e`;
 * vi and pipefail have none), as `set -o` in the oracle's nginx image listed them (ld08).
 */
export const ASH_SET_O: readonly (readonly [string, string])[] = [
  ["errexit", "e"],
  ["noglob", "f"],
  ["ignoreeof", "I"],
  ["monitor", "m"],
  ["noexec", "n"],
  ["xtrace", "x"],
  ["verbose", "v"],
  ["noclobber", "C"],
  ["allexport", "a"],
  ["notify", "b"],
  ["nounset", "u"],
  ["errtrace", "E"],
  ["vi", ""],
  ["pipefail", ""],
];

/** busybox ash's `set -o` listing: names in sixteen columns, no tab; `set +o` as commands. */
export function ashSetListing(session: Session, asCommands: boolean): string {
  return ASH_SET_O.map(([n]) => {
    const on = session.opts?.[n] === true;
    return asCommands ? `set ${on ? "-" : "+"}o ${n}\n` : `${n.padEnd(16)}${on ? "on" : "off"}\n`;
  }).join("");
}

/** busybox ash's `$-`: its on options' letters in its table's order, then `c` under `sh -c`. */
export function ashFlags(session: Session): string {
  const letters = ASH_SET_O.filter(([n, l]) => l !== "" && session.opts?.[n] === true).map(([, l]) => l);
  return letters.join("") + (session.noTty ? "c" : "ims");
}

/** `$-`'s letters in the order bash's flags table gives them (`i`: the shell is interactive). */
export const BASH_FLAG_ORDER: readonly (readonly [string, string])[] = [..."abefhikmnptuvxBCEHPT"].map((l) => [
  l,
  l === "i" ? "" : (SET_LETTERS[l] ?? ""),
]);

const INTERACTIVE_SHOPT = new Set(["expand_aliases", "login_shell"]);
const INTERACTIVE_SET = new Set(["emacs", "histexpand", "history", "monitor"]);

const interactive = (session: Session) => (session.shell ?? "bash") === "bash" && !session.noTty;

// Looked up for every simple command (expansion asks for noglob, braceexpand, nullglob…).
const SHOPT_DEFAULT = new Map(SHOPT_DEFAULTS);
const SET_O_DEFAULT = new Map(SET_O_DEFAULTS);

export const isShopt = (name: string) => SHOPT_DEFAULT.has(name);
export const isSetOption = (name: string) => SET_O_DEFAULT.has(name);

/** Whether a `shopt` option is on in this shell. */
export function shoptOn(session: Session, name: string): boolean {
  const set = session.shopts?.[name];
  if (set !== undefined) return set;
  if (interactive(session) && INTERACTIVE_SHOPT.has(name)) return true;
  return SHOPT_DEFAULT.get(name) ?? false;
}

/** Whether a `set -o` option is on in this shell. */
export function setOptionOn(session: Session, name: string): boolean {
  const set = session.opts?.[name];
  if (set !== undefined) return set;
  if (interactive(session) && INTERACTIVE_SET.has(name)) return true;
  return SET_O_DEFAULT.get(name) ?? false;
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
