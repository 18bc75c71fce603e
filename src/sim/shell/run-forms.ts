/**
 * What run.ts hands off for the forms that are not a program: `(( ))` and `[[ ]]`
 * (a status from expressions), the arm a `case` takes, `let`, `for (( ))`'s steps, and a
 * word that could not expand (the command does not run; some errors end the shell).
 */
import type { World } from "../world.ts";
import { evalArith } from "./arith.ts";
import type { CommandResult, Session } from "./command.ts";
import { fileTest } from "./commands/test/test.ts";
import type { Compound } from "./compound.ts";
import { evalCond } from "./cond.ts";
import { shellExit, type ArithStep } from "./control.ts";
import { arithmetic, expandWord, patternPieces, type ExpandEnv } from "./expand.ts";
import { errorPrefix, machineOf, shellOf } from "./machine.ts";
import { failed, type CommandOutcome } from "./output.ts";
import { matchPattern } from "./pattern.ts";
import type { Shell } from "./redirect.ts";
import { lookupVar, setVar } from "./vars.ts";
import { heredocWord } from "./word.ts";
import { tracePrefix } from "./xtrace.ts";

/** `(( … ))` and `[[ … ]]`: a status, with `set -x`'s line and the expressions' errors. */
export function runTestForm(
  node: Extract<Compound, { kind: "arith" | "cond" }>,
  env: ExpandEnv,
  world: World,
  /** The session as the expressions' assignments leave it (they set it through `env`). */
  current: () => Session,
  session: Session,
  shell: Shell,
): CommandOutcome {
  const before = current();
  const tracing = before.opts?.xtrace === true;
  const prefix = tracePrefix(before);
  // bash shows `(( … ))` as typed inside, its parameters expanded; `[[ … ]]` one line per test it evaluates.
  let trace =
    tracing && node.kind === "arith"
      ? `${prefix}(( ${/\$(?!\()/.test(node.src) && !/[`]|\$\(/.test(node.src) ? expandWord(heredocWord(node.src), env) : node.src} ))\n`
      : "";
  let status: number;
  if (node.kind === "arith") {
    // An error in `(( ))` is the command's status 1, not the shell's end.
    const within: ExpandEnv = { ...env, prefix: `${errorPrefix(shell)}((: ` };
    const v = arithmetic(node.src, within);
    if (within.error) env.error ??= within.error;
    status = env.error ? 1 : v === "0" ? 1 : 0;
  } else {
    const r = evalCond(node.args, {
      env,
      fileTest: (op, path) => fileTest(op, path, { world, session: current() }),
      ...(tracing ? { trace: (t: string) => void (trace += `${prefix}${t}\n`) } : {}),
      // BASH_REMATCH is an array: the whole match, then each group.
      setMatch: (groups) =>
        env.setArray ? env.setArray("BASH_REMATCH", groups) : env.assign("BASH_REMATCH", groups[0] ?? ""),
    });
    status = r.status;
    if (r.error) env.error ??= `${errorPrefix(shell)}${r.error}\n`;
  }
  const err = trace + (env.error ?? "");
  return {
    world,
    stdout: "",
    stderr: err,
    chunks: err ? [{ stream: "stderr", text: err }] : [],
    exitCode: status,
    events: [],
    ...(current() !== session ? { session: current() } : {}),
  };
}

/** The index of the first `case` arm a pattern of which matches `subject`, or -1. */
export function caseArm(node: Extract<Compound, { kind: "case" }>, subject: string, env: ExpandEnv): number {
  return node.arms.findIndex((a) => a.patterns.some((p) => matchPattern(subject, patternPieces(p, env))));
}

/** A word that could not expand: the command does not run; some errors end the shell too. */
export function expansionFailed(world: World, env: ExpandEnv): CommandOutcome {
  const o = failed(world, env.error ?? "");
  if (env.fatal === undefined) return o;
  shellExit(env.fatal);
  return { ...o, exitCode: env.fatal };
}

/** An assignment the shell refused: bash drops the rest of the line on a read-only name (a `bash -c` ends), busybox ash ends with 2. */
export function assignmentFailed(world: World, r: { error: string; readonly?: true }, shell: Shell): CommandOutcome {
  if (!r.readonly) return failed(world, r.error);
  const status = shell === "sh" ? 2 : 1;
  shellExit(status);
  return { ...failed(world, r.error), exitCode: status };
}

/** An arithmetic expression in a session (`for (( ))`'s steps, `let`), its error words led by `what`. */
export function arithStep(world: World, session: Session, typed: string, what: string): ReturnType<ArithStep> {
  let s = session;
  // `$n` and `${n}` read as the loop runs (substitutions are left to `$(( ))`).
  const src = typed.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (_m, n: string) => lookupVar(world, s, n) ?? "");
  const r = evalArith(src, {
    lookup: (n) => lookupVar(world, s, n),
    assign: (n, v) => {
      const set = setVar(s, n, v, (s.exported ?? []).includes(n));
      if (set.ok) s = set.session;
    },
  });
  const shell = shellOf(session, machineOf(world, session));
  if ("error" in r) return { value: undefined, session: s, stderr: `${errorPrefix(shell)}${what}${r.error}\n` };
  return { value: r.value, session: s, stderr: "" };
}

/** `let EXPR...`: status 0 when the last is not zero. */
export function letBuiltin(argv: readonly string[], world: World, session: Session, shell: Shell): CommandResult {
  let s = session;
  let value = 0n;
  let stderr = "";
  for (const expr of argv.slice(1)) {
    const r = arithStep(world, s, expr, "let: ");
    s = r.session;
    stderr += r.stderr;
    if (r.value === undefined) break;
    value = r.value;
  }
  const none = argv.length < 2 ? `${errorPrefix(shell)}let: expression expected\n` : "";
  return {
    world,
    stdout: "",
    stderr: none + stderr,
    exitCode: none || stderr ? 1 : value === 0n ? 1 : 0,
    session: s,
  };
}
