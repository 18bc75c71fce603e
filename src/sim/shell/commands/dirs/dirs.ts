/**
 * bash 5.2's directory stack (pushd.def): `dirs`, `pushd` and `popd`. The stack is the
 * session's list of the directories below the current one, which is always its top; each
 * change of directory goes through what `cd` checks, and a successful `pushd`/`popd` prints
 * the stack as `dirs` does, with $HOME shown as `~`. busybox ash and dash have none of them.
 */
import type { Command, CommandResult, Session } from "../../command.ts";
import { errnoText, lookup, viewOf } from "../../lib/vfs.ts";
import { errorPrefix, machineOf, shellOf } from "../../machine.ts";
import { cwdOf, lookupVar, normalizePath } from "../../vars.ts";
import type { World } from "../../../world.ts";

const USAGE: Readonly<Record<string, string>> = {
  dirs: "dirs: usage: dirs [-clpv] [+N] [-N]\n",
  pushd: "pushd: usage: pushd [-n] [+N | -N | dir]\n",
  popd: "popd: usage: popd [-n] [+N | -N]\n",
};

interface Ctx {
  readonly world: World;
  readonly session: Session;
  readonly prefix: string;
}

function ctxOf(world: World, session: Session): Ctx {
  return { world, session, prefix: errorPrefix(shellOf(session, machineOf(world, session))) };
}

const fail = (c: Ctx, text: string, exitCode = 1): CommandResult => ({
  world: c.world,
  stdout: "",
  stderr: c.prefix + text,
  exitCode,
});

/** The whole stack, the current directory first. */
function stackOf(c: Ctx): string[] {
  return [cwdOf(c.world, c.session), ...(c.session.dirstack ?? [])];
}

/** A directory as `dirs` shows it without -l: $HOME's prefix as `~`. */
function tilde(c: Ctx, dir: string): string {
  const home = lookupVar(c.world, c.session, "HOME");
  if (!home || home === "/") return dir;
  if (dir === home) return "~";
  return dir.startsWith(home + "/") ? "~" + dir.slice(home.length) : dir;
}

function listing(c: Ctx, stack: readonly string[], flags: { long?: boolean; lines?: boolean; verbose?: boolean }) {
  const shown = stack.map((d) => (flags.long ? d : tilde(c, d)));
  if (flags.verbose) return shown.map((d, i) => `${String(i).padStart(2)}  ${d}\n`).join("");
  return flags.lines ? shown.map((d) => d + "\n").join("") : shown.join(" ") + "\n";
}

/** `+N` counts from the left (the current directory is +0), `-N` from the right; undefined when out of range. */
function indexOf(word: string, size: number): number | undefined {
  const n = Number(word.slice(1));
  const i = word[0] === "+" ? n : size - 1 - n;
  return i >= 0 && i < size ? i : undefined;
}

const isNumberWord = (w: string) => /^[-+]\d+$/.test(w);

/** The session moved to `dir` as `cd` would move it, or the error bash prints for `name`. */
function changeTo(c: Ctx, name: string, dir: string): Session | CommandResult {
  const here = cwdOf(c.world, c.session);
  const abs = normalizePath(here, dir);
  const found = lookup(viewOf(c.world, c.session), abs);
  if ("error" in found) return fail(c, `${name}: ${dir}: ${errnoText(found.error)}\n`);
  if (found.node.stat.type !== "dir") return fail(c, `${name}: ${dir}: Not a directory\n`);
  return { ...c.session, cwd: abs, oldpwd: here };
}

function withStack(c: Ctx, next: Session, stack: readonly string[]): CommandResult {
  const [, ...below] = stack;
  const session = { ...next, dirstack: below };
  return { world: c.world, stdout: listing(c, stack, {}), stderr: "", exitCode: 0, session };
}

export const dirs: Command = (argv, { world, session }) => {
  const c = ctxOf(world, session);
  const flags: { long?: boolean; lines?: boolean; verbose?: boolean; clear?: boolean } = {};
  let pick: string | undefined;
  for (const w of argv.slice(1)) {
    // bash compares each option word whole: `-lv` is read as `-N`, and not a number.
    if (w === "-l") flags.long = true;
    else if (w === "-p") flags.lines = true;
    else if (w === "-v") flags.verbose = true;
    else if (w === "-c") flags.clear = true;
    else if (w === "--") continue;
    else if (w.startsWith("+") || w.startsWith("-")) {
      if (!isNumberWord(w)) return fail(c, `dirs: ${w}: invalid number\n${USAGE.dirs}`, 2);
      pick = w;
    } else return fail(c, `dirs: ${w}: invalid argument\n${USAGE.dirs}`, 2);
  }
  if (flags.clear) return { world, stdout: "", stderr: "", exitCode: 0, session: { ...session, dirstack: [] } };
  const stack = stackOf(c);
  if (pick !== undefined) {
    const i = indexOf(pick, stack.length);
    if (i === undefined) return fail(c, `dirs: ${pick.slice(1)}: directory stack index out of range\n`);
    const d = flags.long ? stack[i]! : tilde(c, stack[i]!);
    return { world, stdout: flags.verbose ? `${String(i).padStart(2)}  ${d}\n` : d + "\n", stderr: "", exitCode: 0 };
  }
  return { world, stdout: listing(c, stack, flags), stderr: "", exitCode: 0 };
};

export const pushd: Command = (argv, { world, session }) => {
  const c = ctxOf(world, session);
  let noCd = false;
  const args: string[] = [];
  for (const w of argv.slice(1)) {
    if (args.length === 0 && w === "-n") noCd = true;
    else if (args.length === 0 && w === "--") continue;
    else if (args.length === 0 && w.startsWith("-") && w !== "-" && !isNumberWord(w))
      return fail(c, `pushd: ${w}: invalid number\n${USAGE.pushd}`, 2);
    else args.push(w);
  }
  if (args.length > 1) return fail(c, `pushd: too many arguments\n`);
  const stack = stackOf(c);
  const arg = args[0];
  if (arg === undefined || isNumberWord(arg)) {
    if (stack.length < 2) return fail(c, `pushd: no other directory\n`);
    let rotated: string[];
    if (arg === undefined) rotated = [stack[1]!, stack[0]!, ...stack.slice(2)];
    else {
      const i = indexOf(arg, stack.length);
      if (i === undefined) return fail(c, `pushd: ${arg.slice(1)}: directory stack index out of range\n`);
      rotated = [...stack.slice(i), ...stack.slice(0, i)];
    }
    if (noCd) return withStack(c, session, [stack[0]!, ...rotated.slice(1)]);
    const moved = changeTo(c, "pushd", rotated[0]!);
    return "exitCode" in moved ? moved : withStack(c, moved, rotated);
  }
  const dir = arg === "-" ? (session.oldpwd ?? "-") : arg;
  if (noCd) return withStack(c, session, [stack[0]!, normalizePath(stack[0]!, dir), ...stack.slice(1)]);
  const moved = changeTo(c, "pushd", dir);
  if ("exitCode" in moved) return moved;
  return withStack(c, moved, [moved.cwd!, ...stack]);
};

export const popd: Command = (argv, { world, session }) => {
  const c = ctxOf(world, session);
  let noCd = false;
  let which: string | undefined;
  for (const w of argv.slice(1)) {
    if (w === "-n") noCd = true;
    else if (w === "--") continue;
    else if (isNumberWord(w)) which = w;
    else if (w.startsWith("-")) return fail(c, `popd: ${w}: invalid number\n${USAGE.popd}`, 2);
    else return fail(c, `popd: ${w}: invalid argument\n${USAGE.popd}`, 2);
  }
  const stack = stackOf(c);
  if (stack.length < 2) return fail(c, `popd: directory stack empty\n`);
  // Without +N the entry removed is the top (or, under -n, the one below it).
  let i = which === undefined ? (noCd ? 1 : 0) : indexOf(which, stack.length);
  if (i === undefined) return fail(c, `popd: ${which!.slice(1)}: directory stack index out of range\n`);
  if (noCd && i === 0) i = 1;
  const rest = [...stack.slice(0, i), ...stack.slice(i + 1)];
  if (i !== 0) return withStack(c, session, rest);
  const moved = changeTo(c, "popd", rest[0]!);
  return "exitCode" in moved ? moved : withStack(c, moved, rest);
};
