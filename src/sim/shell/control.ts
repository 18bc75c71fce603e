/**
 * Running bash's compound commands (compound.ts): `for`, `while`, `until`, `if` and
 * `{ }`, in the shell that runs them (a loop's variables stay, as in bash), their
 * lists sharing one stdin (`while read line; do …; done < file` reads a line a turn).
 * Every turn of every loop of one line counts against one bound (LIMITS.maxLoopIterations):
 * `while true; do :; done` ends, with the lab's notice, instead of hanging the tab.
 */
import { LIMITS } from "../limits.ts";
import type { TraceEvent } from "../trace/events.ts";
import type { World } from "../world.ts";
import type { CommandResult, OutputChunk, Session } from "./command.ts";
import type { Compound } from "./compound.ts";
import { setVar } from "./vars.ts";

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

/** What the lab prints when the loops of one line have turned as often as it allows. */
export function loopNotice(): string {
  return `[lab: loop stopped after ${LIMITS.maxLoopIterations} turns, the lab's limit]\n`;
}

/** The loop turns left for the line being run, and whether its notice was printed. */
let budget: number = LIMITS.maxLoopIterations;
let noticed = false;
/** Loops running now, and a `break N`/`continue N` on its way out of them. */
let loops = 0;
let pending: { kind: "break" | "continue"; n: number } | undefined;

/** A new line typed at the terminal: its loops get the whole bound again. */
export function resetLoopBudget(): void {
  budget = LIMITS.maxLoopIterations;
  noticed = false;
  loops = 0;
  pending = undefined;
}

/** Whether a list must stop here: a `break` or `continue` is leaving it, or the bound was reached. */
export function listInterrupted(): boolean {
  return pending !== undefined || (budget <= 0 && noticed && loops > 0);
}

/** `break [N]` and `continue [N]`: undefined when no loop runs (bash then says so and returns 0). */
export function loopControl(kind: "break" | "continue", n: number): boolean {
  if (loops === 0) return false;
  pending = { kind, n: Math.max(1, Math.min(n, loops)) };
  return true;
}

class Collect {
  world: World;
  session: Session;
  stdout = "";
  stderr = "";
  chunks: OutputChunk[] = [];
  events: TraceEvent[] = [];
  changed = false;
  constructor(world: World, session: Session) {
    this.world = world;
    this.session = session;
  }
  add(r: CommandResult): number {
    this.world = r.world;
    if (r.session) {
      this.session = r.session;
      this.changed = true;
    }
    this.stdout += r.stdout;
    this.stderr += r.stderr;
    this.chunks.push(
      ...(r.output ?? [
        { stream: "stdout" as const, text: r.stdout },
        { stream: "stderr" as const, text: r.stderr },
      ]),
    );
    this.events.push(...(r.events ?? []));
    return r.exitCode;
  }
  note(text: string) {
    this.stderr += text;
    this.chunks.push({ stream: "stderr", text });
  }
  result(exitCode: number): CommandResult {
    return {
      world: this.world,
      stdout: this.stdout,
      stderr: this.stderr,
      exitCode,
      output: this.chunks.filter((c) => c.text !== ""),
      events: this.events,
      ...(this.changed ? { session: this.session } : {}),
    };
  }
}

/** Takes one turn from the bound; false (after the notice, once) when none is left. */
function turn(out: Collect): boolean {
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
  const p = pending;
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
): CommandResult {
  const out = new Collect(world, session);
  const run = (src: string, st: number) => out.add(runList(out.world, out.session, src, input, st));
  if (node.kind === "group") return out.result(run(node.body, status));
  if (node.kind === "if") {
    let st = status;
    for (const b of node.branches) {
      st = run(b.cond, st);
      if (listInterrupted()) return out.result(st);
      if (st === 0) return out.result(run(b.body, st));
    }
    return out.result(node.otherwise !== undefined ? run(node.otherwise, st) : 0);
  }
  loops++;
  try {
    let st = 0;
    if (node.kind === "for") {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(node.name)) {
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
        st = run(node.body, st);
        if (afterBody() === "stop" || listInterrupted()) break;
      }
      return out.result(st);
    }
    let last = status;
    for (;;) {
      if (!turn(out)) return out.result(1);
      const c = run(node.cond, last);
      if (pending) {
        if (afterBody() === "stop") break;
        continue;
      }
      if (listInterrupted()) return out.result(1);
      if ((c === 0) !== (node.kind === "while")) break;
      st = run(node.body, c);
      last = st;
      if (afterBody() === "stop" || listInterrupted()) break;
    }
    return out.result(st);
  } finally {
    loops--;
  }
}
