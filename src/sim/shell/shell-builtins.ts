/**
 * The builtins that act on the shell running them rather than on the world:
 * `break`/`continue`, `return`, `local`, `shift` and `set` (`-e`, `-x`, `--`), each
 * with bash's words (busybox ash's where they differ), and `set -x`'s trace lines.
 */
import type { World } from "../world.ts";
import type { CommandResult, Session } from "./command.ts";
import { functionReturn, localFrame, loopControl } from "./control.ts";
import type { Shell } from "./redirect.ts";
import { lookupVar, setVar, unsetVar } from "./vars.ts";

export const SHELL_BUILTINS = new Set(["break", "continue", "return", "local", "shift", "set"]);

function where(shell: Shell): string {
  return shell === "sh" ? "sh: " : shell === "bash-c" ? "bash: line 1: " : "bash: ";
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Runs one of SHELL_BUILTINS. */
export function runShellBuiltin(
  argv: readonly string[],
  world: World,
  session: Session,
  shell: Shell,
  status: number,
): CommandResult {
  const name = argv[0]!;
  const done = (exitCode: number, stderr = "", next?: Session): CommandResult => ({
    world,
    stdout: "",
    stderr,
    exitCode,
    ...(next ? { session: next } : {}),
  });
  if (name === "break" || name === "continue") {
    const n = argv[1] === undefined ? 1 : Number(argv[1]);
    const inLoop = loopControl(name, Number.isInteger(n) && n > 0 ? n : 1);
    if (inLoop || shell === "sh") return done(0);
    return done(0, `${where(shell)}${name}: only meaningful in a \`for', \`while', or \`until' loop\n`);
  }
  if (name === "return") {
    const arg = argv[1];
    if (arg !== undefined && !/^-?\d+$/.test(arg))
      return done(2, `${where(shell)}return: ${arg}: numeric argument required\n`);
    const code = arg === undefined ? status : ((Number(arg) % 256) + 256) % 256;
    if (functionReturn(code)) return done(code);
    return done(
      shell === "sh" ? code : 2,
      shell === "sh" ? "" : `${where(shell)}return: can only \`return' from a function or sourced script\n`,
    );
  }
  if (name === "shift") {
    const n = argv[1] === undefined ? 1 : Number(argv[1]);
    const args = session.args ?? [];
    if (!Number.isInteger(n) || n < 0) return done(1, `${where(shell)}shift: ${argv[1]}: numeric argument required\n`);
    if (n > args.length) return done(1, shell === "sh" ? "sh: shift: can't shift that many\n" : "");
    return done(0, "", { ...session, args: args.slice(n) });
  }
  if (name === "local") {
    const frame = localFrame();
    if (!frame) return done(1, `${where(shell)}local: can only be used in a function\n`);
    let next = session;
    for (const a of argv.slice(1)) {
      const eq = a.indexOf("=");
      const n = eq < 0 ? a : a.slice(0, eq);
      if (!NAME.test(n)) return done(1, `${where(shell)}local: \`${a}': not a valid identifier\n`, next);
      if (!frame.has(n)) frame.set(n, lookupVar(world, next, n));
      const r = setVar(next, n, eq < 0 ? "" : a.slice(eq + 1));
      if (!r.ok) return done(1, r.error, next);
      next = r.session;
    }
    return done(0, "", next);
  }
  // set
  let opts = { ...session.opts };
  const args = argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--") return done(0, "", { ...session, opts, args: args.slice(i + 1) });
    if (a === "-o" || a === "+o") {
      const o = args[++i];
      if (o === "errexit") opts = { ...opts, errexit: a === "-o" };
      else if (o === "xtrace") opts = { ...opts, xtrace: a === "-o" };
      else if (o === undefined || o === "pipefail" || o === "nounset" || o === "noglob") continue;
      else return done(2, `${where(shell)}set: ${o}: invalid option name\n`);
      continue;
    }
    if (!/^[-+]/.test(a)) return done(0, "", { ...session, opts, args: args.slice(i) });
    for (const f of a.slice(1)) {
      if (f === "e") opts = { ...opts, errexit: a[0] === "-" };
      else if (f === "x") opts = { ...opts, xtrace: a[0] === "-" };
      else if ("uvfnhCBHPTEk".includes(f)) continue;
      else
        return done(
          2,
          `${where(shell)}set: ${a[0]}${f}: invalid option\nset: usage: set [-abefhkmnptuvxBCEHPT] [-o option-name] [--] [-] [arg ...]\n`,
        );
    }
  }
  return done(0, "", { ...session, opts });
}

/** After a function ends: its `local` names get back what they held before. */
export function restoreLocals(world: World, session: Session, saved: ReadonlyMap<string, string | undefined>): Session {
  let s = session;
  for (const [name, value] of saved) {
    if (value === undefined) s = unsetVar(world, s, name);
    else {
      const r = setVar(s, name, value);
      if (r.ok) s = r.session;
    }
  }
  return s;
}

/** A word as `set -x` shows it: quoted when the shell would need quotes to read it back. */
function traceWord(w: string): string {
  if (w === "") return "''";
  if (/^[A-Za-z0-9_./:=@%+,^-]+$/.test(w)) return w;
  return `'${w.replace(/'/g, "'\\''")}'`;
}

/** `set -x`'s line for a command: `+ ` and its words. */
export function traceLine(argv: readonly string[], assigns: readonly (readonly [string, string])[]): string {
  const words = [...assigns.map(([n, v]) => `${n}=${traceWord(v)}`), ...argv.map(traceWord)];
  return `+ ${words.join(" ")}\n`;
}
