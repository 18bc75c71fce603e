/**
 * The builtins that act on the shell running them rather than on the world:
 * `break`/`continue`, `return`, `local`, `shift` and `set` (`-e`, `-x`, `--`), each
 * with bash's words (busybox ash's where they differ), and `set -x`'s trace lines.
 */
import { evalArith } from "./arith.ts";
import { unsetArray } from "./arrays.ts";
import type { World } from "../world.ts";
import type { CommandResult, Session } from "./command.ts";
import { functionReturn, localFrame, loopControl, shellExit } from "./control.ts";
import type { Shell } from "./redirect.ts";
import { lookupVar, NAME, setVar, unsetVar } from "./vars.ts";
import { errorPrefix } from "./machine.ts";
import { signalTable } from "./commands/jobs/signals.ts";
import { ASH_SET_O, ashSetListing, isSetOption, SET_LETTERS, setOptionListing } from "./lib/shell-options.ts";

export const SHELL_BUILTINS = new Set(["break", "continue", "return", "local", "shift", "set", "trap"]);

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
    return done(0, `${errorPrefix(shell)}${name}: only meaningful in a \`for', \`while', or \`until' loop\n`);
  }
  if (name === "return") {
    const arg = argv[1];
    if (arg !== undefined && !/^-?\d+$/.test(arg))
      return done(2, `${errorPrefix(shell)}return: ${arg}: numeric argument required\n`);
    const code = arg === undefined ? status : ((Number(arg) % 256) + 256) % 256;
    if (functionReturn(code)) return done(code);
    return done(
      shell === "sh" ? code : 2,
      shell === "sh" ? "" : `${errorPrefix(shell)}return: can only \`return' from a function or sourced script\n`,
    );
  }
  if (name === "trap") return trap(argv, world, session, shell);
  if (name === "shift") {
    const n = argv[1] === undefined ? 1 : Number(argv[1]);
    const args = session.args ?? [];
    if (!Number.isInteger(n) || n < 0)
      return done(1, `${errorPrefix(shell)}shift: ${argv[1]}: numeric argument required\n`);
    if (n > args.length) return done(1, shell === "sh" ? "sh: shift: can't shift that many\n" : "");
    return done(0, "", { ...session, args: args.slice(n) });
  }
  if (name === "local") {
    const frame = localFrame();
    if (!frame && session.dash) {
      // A special builtin's error ends dash (sh.ts numbers the line).
      shellExit(2);
      return done(2, "sh: local: not in a function\n");
    }
    if (!frame) return done(1, `${errorPrefix(shell)}local: can only be used in a function\n`);
    let next = session;
    // `local` takes declare's attributes: `-r` holds until the function returns, `-i` takes values as arithmetic.
    let i = 1;
    const flags = new Set<string>();
    for (; i < argv.length && /^-[a-zA-Z]+$/.test(argv[i]!); i++) for (const f of argv[i]!.slice(1)) flags.add(f);
    for (const a of argv.slice(i)) {
      const eq = a.indexOf("=");
      const n = eq < 0 ? a : a.slice(0, eq);
      if (!NAME.test(n)) return done(1, `${errorPrefix(shell)}local: \`${a}': not a valid identifier\n`, next);
      if (!frame.has(n)) frame.set(n, lookupVar(world, next, n));
      let value = eq < 0 ? "" : a.slice(eq + 1);
      if (flags.has("i") && !(next.integers ?? []).includes(n)) {
        // The attribute is the function's too: restoreLocals takes it off again (the key is no name).
        frame.set(`-i ${n}`, undefined);
        next = { ...next, integers: [...(next.integers ?? []), n] };
      }
      if (flags.has("i") && eq >= 0) {
        const ar = evalArith(value || "0", { lookup: (v) => lookupVar(world, next, v), assign: () => {} });
        value = "value" in ar ? String(ar.value) : "0";
      }
      const r = setVar(next, n, value);
      if (!r.ok) return done(1, r.error, next);
      next = r.session;
      if (flags.has("r")) next = { ...next, readonlyVars: [...(next.readonlyVars ?? []), n] };
    }
    return done(0, "", next);
  }
  return runSet(argv, world, session, shell, done);
}

/** `set`: its flags and `-o` names (lib/shell-options.ts), `--` and the positional parameters, and the listings. */
function runSet(
  argv: readonly string[],
  world: World,
  session: Session,
  shell: Shell,
  done: (exitCode: number, stderr?: string, next?: Session) => CommandResult,
): CommandResult {
  let opts = { ...session.opts };
  const args = argv.slice(1);
  const named = (o: string | undefined, on: boolean, sign: string): CommandResult | undefined => {
    if (o === undefined) {
      const listed = { ...session, opts };
      const stdout = shell === "sh" ? ashSetListing(listed, sign === "+") : setOptionListing(listed, sign === "+");
      // A bare listing changes nothing, so it stays a look; `set -eo` lists after setting.
      const changed = Object.keys(opts).some((k) => opts[k] !== session.opts?.[k]);
      return { world, stdout, stderr: "", exitCode: 0, ...(changed ? { session: listed } : {}) };
    }
    if (shell === "sh" && !ASH_SET_O.some(([n]) => n === o))
      return done(1, `sh: set: ${session.noTty ? "line 0: " : ""}illegal option ${sign}o ${o}\n`);
    if (shell !== "sh" && !isSetOption(o)) return done(2, `${errorPrefix(shell)}set: ${o}: invalid option name\n`);
    opts = { ...opts, [o]: on };
    return undefined;
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--") return done(0, "", { ...session, opts, args: args.slice(i + 1) });
    if (a === "-o" || a === "+o") {
      const r = named(args[++i], a === "-o", a[0]!);
      if (r) return r;
      continue;
    }
    if (!/^[-+]/.test(a)) return done(0, "", { ...session, opts, args: args.slice(i) });
    for (const f of a.slice(1)) {
      // `set -euo pipefail`: the option's name is the next word.
      if (f === "o") {
        const r = named(args[++i], a[0] === "-", a[0]!);
        if (r) return r;
      } else if (Object.hasOwn(SET_LETTERS, f)) opts = { ...opts, [SET_LETTERS[f]!]: a[0] === "-" };
      else
        return done(
          2,
          `${errorPrefix(shell)}set: ${a[0]}${f}: invalid option\nset: usage: set [-abefhkmnptuvxBCEHPT] [-o option-name] [--] [-] [arg ...]\n`,
        );
    }
  }
  return done(0, "", { ...session, opts });
}

/**
 * `trap ACTION SIGNAL…`: the lab keeps the actions; a shell runs EXIT's when it ends
 * (shell/script.ts, a subshell its own), ERR's where `set -e` would act (run.ts), RETURN's
 * as the function that set it returns (control.ts). No signal reaches the lab's shells, so
 * the others are kept unused. `trap -l` lists the signals as `kill -l` does.
 */
function trap(argv: readonly string[], world: World, session: Session, shell: Shell): CommandResult {
  const args = argv.slice(1);
  const done = (stderr = "", next?: Session, exitCode = 0): CommandResult => ({
    world,
    stdout: "",
    stderr,
    exitCode,
    ...(next ? { session: next } : {}),
  });
  if (args[0] === "-l") return { world, stdout: signalTable(), stderr: "", exitCode: 0 };
  if (args.length === 0 || args[0] === "-p") {
    const shown = Object.entries(session.traps ?? {}).map(
      ([sig, a]) => `trap -- '${a.replace(/'/g, "'\\''")}' ${sig}\n`,
    );
    return { world, stdout: shown.join(""), stderr: "", exitCode: 0 };
  }
  const [action, ...signals] = args[0] === "--" ? args.slice(1) : args;
  const traps: Record<string, string> = { ...session.traps };
  for (const s of signals.length > 0 ? signals : [action!]) {
    const sig = s === "0" || /^(SIG)?EXIT$/i.test(s) ? "EXIT" : s.toUpperCase().replace(/^SIG/, "");
    if (!/^(EXIT|HUP|INT|QUIT|TERM|USR1|USR2|ERR|DEBUG|RETURN|\d+)$/.test(sig))
      return done(`${errorPrefix(shell)}trap: ${s}: invalid signal specification\n`, undefined, 1);
    if (signals.length === 0 || action === "-") delete traps[sig];
    else traps[sig] = action!;
  }
  return done("", { ...session, traps });
}

/** After a function ends: its `local` names get back what they held before. */
export function restoreLocals(world: World, session: Session, saved: ReadonlyMap<string, string | undefined>): Session {
  let s = session;
  for (const [name, value] of saved) {
    if (name.startsWith("-i ")) {
      s = { ...s, integers: (s.integers ?? []).filter((n) => n !== name.slice(3)) };
      continue;
    }
    // A `local -r` name is read-only in its function alone.
    if (s.readonlyVars?.includes(name)) s = { ...s, readonlyVars: s.readonlyVars.filter((n) => n !== name) };
    // An array the function made local goes with it (the lab saves a scalar only).
    if (s.arrays?.[name]) s = unsetArray(s, name);
    if (value === undefined) s = unsetVar(world, s, name);
    else {
      const r = setVar(s, name, value);
      if (r.ok) s = r.session;
    }
  }
  return s;
}
