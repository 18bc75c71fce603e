/**
 * Running bash's compound commands (compound.ts): `for`, `while`, `until`, `if` and
 * `{ }`, in the shell that runs them (a loop's variables stay, as in bash), their
 * lists sharing one stdin (`while read line; do …; done < file` reads a line a turn).
 * Every turn of every loop of one line counts against one bound (LIMITS.maxLoopIterations):
 * `while true; do :; done` ends, with the lab's notice, instead of hanging the tab.
 */
import { LIMITS } from "../limits.ts";
import type { World } from "../world.ts";
import type { CommandResult, Session } from "./command.ts";
import type { Compound } from "./compound.ts";
import { NAME, setVar } from "./vars.ts";
import { arrayOf, assignArray } from "./arrays.ts";
import { tracePrefix } from "./xtrace.ts";
import { withoutTrap } from "./traps.ts";
import { Collect } from "./collect.ts";

/** One stdin that the commands of a compound command read in turn. */
export interface Cursor {
  readonly text: string;
  pos: number;
}

/** Runs a list (source text) in the session, its first commands reading `input`, `$?` starting at `status`. */
export type RunList = (
  world: World,
  session: Session,
  src: string,
  input: Cursor | undefined,
  status: number,
) => CommandResult;

/** An arithmetic expression evaluated in a session: its value (undefined after an error), the session after its assignments. */
export type ArithStep = (
  world: World,
  session: Session,
  src: string,
) => { value: bigint | undefined; session: Session; stderr: string };

/** What the lab prints when the loops of one line have turned as often as it allows. */
export function loopNotice(): string {
  return `[lab: loop stopped after ${LIMITS.maxLoopIterations} turns, the lab's limit]\n`;
}

/** The loop turns left for the line being run, and whether its notice was printed. */
let budget: number = LIMITS.maxLoopIterations;
let noticed = false;
/** Loops running now, and a `break N`/`continue N` on its way out of them. */
let loops = 0;
let pending:
  | { kind: "break" | "continue"; n: number }
  /** `return N` leaving a function, or the shell ending (`set -e`, `exit`): every list stops. */
  | { kind: "return" | "exit"; status: number }
  | undefined;
/** Functions running now; conditions (`if`, `while`, `&&` left sides) running now, where `set -e` does not act. */
let functions = 0;
let conditions = 0;

/** Whether a `timeout` around the shell has killed it by now (Session.deadline): its lists and loops stop. */
export function expired(world: World, session: Session): boolean {
  return session.deadline !== undefined && world.clock >= session.deadline;
}

/** A new line typed at the terminal: its loops get the whole bound again. */
export function resetLoopBudget(): void {
  budget = LIMITS.maxLoopIterations;
  noticed = false;
  loops = 0;
  pending = undefined;
  functions = 0;
  conditions = 0;
}

/** Whether a list must stop here: a `break` or `continue` is leaving it, or the bound was reached. */
export function listInterrupted(): boolean {
  return pending !== undefined || (budget <= 0 && noticed && loops > 0);
}

/** `break [N]` and `continue [N]`: undefined when no loop runs (bash then says so and returns 0). */
export function loopControl(kind: "break" | "continue", n: number): boolean {
  if (loops === 0) return false;
  if (pending) return true;
  pending = { kind, n: Math.max(1, Math.min(n, loops)) };
  return true;
}

/** `return [N]`: false outside a function (the caller then prints bash's words). */
export function functionReturn(status: number): boolean {
  if (functions === 0) return false;
  pending = { kind: "return", status };
  return true;
}

/** `. FILE`: a `return` in the file ends the file (the status `takeReturn` hands back), as in a function. */
export function asSourced<T>(f: () => T): T {
  functions++;
  try {
    return f();
  } finally {
    functions--;
  }
}

/** After a sourced file: the status a `return` in it left, which stops there. */
export function takeReturn(): number | undefined {
  if (pending?.kind !== "return") return undefined;
  const s = pending.status;
  pending = undefined;
  return s;
}

/** The shell stops reading its lines (`set -e` after a failure, `exit` in a script). */
export function shellExit(status: number): void {
  pending = { kind: "exit", status };
}

/** At a shell's end (`bash -c`, a substitution, the terminal's line): the status an exit left, which stops here. */
export function takeExit(): number | undefined {
  if (pending?.kind !== "exit") return undefined;
  const s = pending.status;
  pending = undefined;
  return s;
}

/** Whether `set -e` may act now: not in a condition. */
export function errexitApplies(): boolean {
  return conditions === 0;
}

/** Runs `f` as a condition, where `set -e` does not act. */
export function asCondition<T>(f: () => T): T {
  conditions++;
  try {
    return f();
  } finally {
    conditions--;
  }
}

/**
 * Calls a function: its body runs in the caller's shell with `args` as `$1`...; `local`
 * names get their values back after; a `return` ends it with its status.
 */
export function callFunction(
  name: string,
  body: string,
  args: readonly string[],
  world: World,
  session: Session,
  input: Cursor,
  status: number,
  runList: RunList,
  restore: (session: Session, saved: ReadonlyMap<string, string | undefined>) => Session,
): CommandResult {
  functions++;
  frames.push(new Map());
  // A function does not inherit the ERR trap (that takes `set -E`); the caller's comes back after.
  const onErr = session.opts?.errtrace ? undefined : session.traps?.ERR;
  const inner: Session = onErr !== undefined ? { ...session, traps: withoutTrap(session.traps, "ERR") } : session;
  let r: CommandResult;
  try {
    r = runList(
      world,
      withFuncname({ ...inner, args }, [name, ...(arrayOf(session, "FUNCNAME")?.values ?? [])]),
      body,
      input,
      status,
    );
  } finally {
    functions--;
  }
  const saved = frames.pop()!;
  if (onErr !== undefined && r.session && r.session.traps?.ERR === undefined)
    r = { ...r, session: { ...r.session, traps: { ...r.session.traps, ERR: onErr } } };
  let exitCode = r.exitCode;
  if (pending?.kind === "return") {
    exitCode = pending.status;
    pending = undefined;
  }
  // A RETURN trap the function set runs as it returns (one set before it needs `set -T`).
  const onReturn = r.session?.traps?.RETURN;
  if (onReturn && onReturn !== session.traps?.RETURN) {
    const out = new Collect(world, session);
    out.add(r);
    out.add(runList(out.world, out.session, onReturn, input, 0));
    r = { ...out.result(exitCode), session: out.session };
  }
  const after = restore(r.session ?? { ...session, args }, saved);
  // FUNCNAME is the stack of functions running: the caller's again.
  const back: Session = withFuncname(after, arrayOf(session, "FUNCNAME")?.values ?? []);
  if (session.args === undefined) delete (back as { args?: readonly string[] }).args;
  else (back as { args?: readonly string[] }).args = session.args;
  return { ...r, exitCode, session: back };
}

function withFuncname(session: Session, names: readonly string[]): Session {
  if (names.length > 0) return assignArray(session, "FUNCNAME", names, false);
  if (!session.arrays?.FUNCNAME) return session;
  const { FUNCNAME: _, ...arrays } = session.arrays;
  return { ...session, arrays };
}

/** The `local` names of the function running now and what they held before; undefined outside one. */
const frames: Map<string, string | undefined>[] = [];
export function localFrame(): Map<string, string | undefined> | undefined {
  return frames[frames.length - 1];
}

/**
 * Takes one turn from the bound; false (after the notice, once) when none is left. A loop
 * whose shell a `timeout` killed stops there; one that reached its shell's horizon (a
 * detached container's endless loop) stops with the notice, the line's bound left to the
 * line's other loops.
 */
function turn(out: Collect): boolean {
  if (expired(out.world, out.session)) return false;
  const { horizon } = out.session;
  if (horizon !== undefined && out.world.clock >= horizon) {
    out.note(loopNotice());
    return false;
  }
  if (budget > 0) {
    budget--;
    return true;
  }
  if (!noticed) {
    noticed = true;
    out.note(loopNotice());
  }
  return false;
}

/** After a body ran: whether the loop goes on, taking a `break`/`continue` meant for it. */
function afterBody(): "next" | "stop" {
  if (!pending) return "next";
  if (pending.kind === "return" || pending.kind === "exit") return "stop";
  const p = pending as { kind: "break" | "continue"; n: number };
  if (p.n > 1) {
    pending = { kind: p.kind, n: p.n - 1 };
    return "stop";
  }
  pending = undefined;
  return p.kind === "break" ? "stop" : "next";
}

/**
 * Runs `node`; `items` are a `for`'s words already expanded, `input` its stdin,
 * `notValid` the shell's words for a loop variable that is not a name.
 */
export function runCompound(
  node: Compound,
  items: readonly string[] | undefined,
  world: World,
  session: Session,
  input: Cursor,
  status: number,
  runList: RunList,
  notValid: (name: string) => string,
  arith: ArithStep,
): CommandResult {
  const out = new Collect(world, session);
  const run = (src: string, st: number) => out.add(runList(out.world, out.session, src, input, st));
  const test = (src: string, st: number) => asCondition(() => run(src, st));
  if (node.kind === "group") return out.result(run(node.body, status));
  if (node.kind === "subshell") {
    // Its variables, directory and functions stay in the subshell; an `exit` ends only it.
    // It starts without the shell's EXIT trap, and runs its own as it ends.
    const outer = out.session.traps;
    if (outer?.EXIT !== undefined) out.session = { ...out.session, traps: withoutTrap(outer, "EXIT") };
    const st = run(node.body, status);
    let ended = takeExit();
    const own = out.session.traps?.EXIT;
    if (own) {
      out.session = { ...out.session, traps: {} };
      run(own, ended ?? st);
      ended = takeExit() ?? ended;
    }
    const r = out.result(ended ?? st);
    const { session: _own, ...rest } = r;
    return rest;
  }
  if (node.kind === "func") {
    out.session = { ...out.session, functions: { ...out.session.functions, [node.name]: node.body } };
    out.changed = true;
    return out.result(0);
  }
  if (node.kind === "case") {
    const arm = Number(items?.[0] ?? -1);
    const chosen = node.arms[arm];
    return out.result(chosen ? (chosen.body.trim() === "" ? 0 : run(chosen.body, status)) : 0);
  }
  if (node.kind === "arith" || node.kind === "cond") return out.result(status);
  if (node.kind === "if") {
    let st = status;
    for (const b of node.branches) {
      st = test(b.cond, st);
      if (listInterrupted()) return out.result(st);
      if (st === 0) return out.result(run(b.body, st));
    }
    return out.result(node.otherwise !== undefined ? run(node.otherwise, st) : 0);
  }
  loops++;
  try {
    let st = 0;
    if (node.kind === "for") {
      if (!NAME.test(node.name)) {
        out.note(notValid(node.name));
        return out.result(1);
      }
      for (const item of items ?? []) {
        if (!turn(out)) return out.result(1);
        const set = setVar(out.session, node.name, item, (out.session.exported ?? []).includes(node.name));
        if (!set.ok) {
          out.note(set.error);
          return out.result(1);
        }
        out.session = set.session;
        out.changed = true;
        // `set -x` shows the loop's head, as typed, before each turn.
        if (out.session.opts?.xtrace)
          out.note(`${tracePrefix(out.session)}for ${node.name} in ${node.typed ?? '"$@"'}\n`);
        st = run(node.body, st);
        if (afterBody() === "stop" || listInterrupted()) break;
      }
      return out.result(st);
    }
    if (node.kind === "cfor") {
      const step = (src: string): bigint | undefined => {
        const r = arith(out.world, out.session, src);
        if (r.stderr) out.note(r.stderr);
        if (r.session !== out.session) {
          out.session = r.session;
          out.changed = true;
        }
        return r.value;
      };
      if (node.init.trim() !== "" && step(node.init) === undefined) return out.result(1);
      for (;;) {
        if (!turn(out)) return out.result(1);
        const c = node.cond.trim() === "" ? 1n : step(node.cond);
        if (c === undefined) return out.result(1);
        if (c === 0n) break;
        st = run(node.body, st);
        if (afterBody() === "stop" || listInterrupted()) break;
        if (node.step.trim() !== "" && step(node.step) === undefined) return out.result(1);
      }
      return out.result(st);
    }
    const loop = node as Extract<Compound, { kind: "while" | "until" }>;
    let last = status;
    for (;;) {
      if (!turn(out)) return out.result(1);
      const c = test(loop.cond, last);
      if (pending) {
        if (afterBody() === "stop") break;
        continue;
      }
      if (listInterrupted()) return out.result(1);
      if ((c === 0) !== (loop.kind === "while")) break;
      st = run(loop.body, c);
      last = st;
      if (afterBody() === "stop" || listInterrupted()) break;
    }
    return out.result(st);
  } finally {
    loops--;
  }
}
