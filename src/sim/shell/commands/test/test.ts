/**
 * `test` and `[`, as bash 5.2 and busybox ash build them in: strings (`-z -n = == !=`),
 * integers (`-eq -ne -lt -le -gt -ge`), files (`-e -f -d -L -r -w -x -s`) on the
 * machine's file tree, `!`, `-a`, `-o` and parentheses. Errors are status 2, worded as
 * the shell running them words them.
 */
import type { Command, CommandContext, CommandResult } from "../../command.ts";
import { sysctlKeyOfPath } from "../../../kernel/files.ts";
import { absolutePath, lookup, viewOf } from "../../lib/vfs.ts";
import { machineOf, shellOf } from "../../machine.ts";

class TestError extends Error {}

const INT_OPS = new Set(["-eq", "-ne", "-lt", "-le", "-gt", "-ge"]);
const STR_OPS = new Set(["=", "==", "!=", "<", ">"]);
/** dash's test has no `==`: it is an operand there, and the expression then has one word too many. */
const DASH_STR_OPS = new Set(["=", "!=", "<", ">"]);
const UNARY = new Set(["-z", "-n", "-e", "-f", "-d", "-L", "-h", "-r", "-w", "-x", "-s", "-b", "-c", "-p", "-S", "-t"]);

export const test: Command = (argv, ctx): CommandResult => {
  const sh = ctx.session.shell === "sh";
  const dash = sh && ctx.session.dash === true;
  const where = ctx.session.shell === "bash-c" ? "bash: line 1: " : "bash: ";
  const name = argv[0] === "[" ? "[" : "test";
  let args = argv.slice(1);
  const err = (bashMsg: string, shMsg: string): CommandResult => ({
    world: ctx.world,
    stdout: "",
    stderr: dash ? `sh: ${name}: ${shMsg}\n` : sh ? `sh: ${shMsg}\n` : `${where}${name}: ${bashMsg}\n`,
    exitCode: 2,
  });
  if (name === "[") {
    if (args[args.length - 1] !== "]") return err("missing `]'", "missing ]");
    args = args.slice(0, -1);
  }
  try {
    return { world: ctx.world, stdout: "", stderr: "", exitCode: evaluate(args, ctx, sh, dash) ? 0 : 1 };
  } catch (e) {
    if (e instanceof TestError) {
      const [b, s, d] = e.message.split("\u0000");
      return err(b!, dash ? (d ?? s!) : s!);
    }
    throw e;
  }
};

/** bash's words, busybox ash's, and dash's where they differ from ash's. */
function fail(bash: string, sh: string, dash?: string): never {
  throw new TestError(`${bash}\u0000${sh}${dash === undefined ? "" : `\u0000${dash}`}`);
}

function integer(s: string): number {
  const t = s.trim();
  if (!/^[+-]?\d+$/.test(t)) fail(`${s}: integer expression expected`, `${s}: bad number`, `Illegal number: ${s}`);
  return Number(t);
}

/** Whether busybox ash runs this `test` (dash, Debian's /bin/sh, is not busybox). */
function busyboxTest(ctx: Pick<CommandContext, "world" | "session">): boolean {
  return shellOf(ctx.session, machineOf(ctx.world, ctx.session)) === "sh" && ctx.session.dash !== true;
}

export function fileTest(op: string, path: string, ctx: Pick<CommandContext, "world" | "session">): boolean {
  const view = viewOf(ctx.world, ctx.session);
  const abs = absolutePath(view, path);
  const r = lookup(view, abs, op === "-L" || op === "-h");
  if (!("node" in r)) return false;
  const st = r.node.stat;
  switch (op) {
    case "-e":
      return true;
    case "-f":
      return st.type === "file";
    case "-d":
      return st.type === "dir";
    case "-L":
    case "-h":
      return st.type === "link";
    case "-s":
      return st.size > 0 || (st.type === "file" && r.node.read !== undefined && st.fs !== "disk");
    case "-x":
      return (st.mode & 0o111) !== 0;
    case "-w":
      // busybox's test takes root for able to write anything; bash asks access(2), which knows the mount.
      if (busyboxTest(ctx)) return true;
      // Root may write a sysctl whose mode lets its owner, but Docker mounts /proc/sys read-only in a container.
      if (st.fs === "proc")
        return (
          sysctlKeyOfPath(abs) !== undefined &&
          (st.mode & 0o200) !== 0 &&
          machineOf(ctx.world, ctx.session).kind !== "container"
        );
      return (st.mode & 0o222) !== 0;
    case "-c":
      return st.type === "chr";
    case "-S":
      return st.type === "sock";
    case "-b":
    case "-p":
      return false;
    default:
      return true; // -r: root reads everything the lab has
  }
}

function unary(op: string, arg: string, ctx: CommandContext): boolean {
  if (op === "-z") return arg === "";
  if (op === "-n") return arg !== "";
  if (op === "-t") return false;
  return fileTest(op, arg, ctx);
}

function binary(a: string, op: string, b: string): boolean {
  if (op === "=" || op === "==") return a === b;
  if (op === "!=") return a !== b;
  // Byte order, as bash's test builtin and dash compare with strcmp.
  if (op === "<") return a < b;
  if (op === ">") return a > b;
  const x = integer(a);
  const y = integer(b);
  switch (op) {
    case "-eq":
      return x === y;
    case "-ne":
      return x !== y;
    case "-lt":
      return x < y;
    case "-le":
      return x <= y;
    case "-gt":
      return x > y;
    default:
      return x >= y;
  }
}

/** POSIX's rules by argument count first (what both shells do for up to four), then a small grammar. */
function evaluate(args: readonly string[], ctx: CommandContext, sh: boolean, dash = false): boolean {
  const strOps = dash ? DASH_STR_OPS : STR_OPS;
  // dash names the last word it took before the one it could not place.
  const unexpected = (at: number) => `${args[Math.max(0, at - 1)]}: unexpected operator`;
  switch (args.length) {
    case 0:
      return false;
    case 1:
      return args[0] !== "";
    case 2:
      if (args[0] === "!") return args[1] === "";
      if (UNARY.has(args[0]!)) return unary(args[0]!, args[1]!, ctx);
      return fail(
        `${args[0]}: unary operator expected`,
        sh && args[1] !== undefined ? `${args[0]}: unknown operand` : "",
        strOps.has(args[1]!) || INT_OPS.has(args[1]!) ? `${args[1]}: argument expected` : unexpected(1),
      );
    case 3:
      if (strOps.has(args[1]!) || INT_OPS.has(args[1]!)) return binary(args[0]!, args[1]!, args[2]!);
      if (args[0] === "!") return !evaluate(args.slice(1), ctx, sh, dash);
      if (args[1] === "-a" || args[1] === "-o") break;
      if (args[0] === "(" && args[2] === ")") return args[1] !== "";
      if (UNARY.has(args[0]!) && INT_OPS.has(args[2]!))
        return fail(`${args[1]}: unary operator expected`, `${args[2]}: argument expected`);
      if (INT_OPS.has(args[1] ?? "") || args.length > 2)
        return fail(
          `${args[1]}: binary operator expected`,
          `${args[1]}: unknown operand`,
          unexpected(UNARY.has(args[0]!) ? 2 : 1),
        );
  }
  let i = 0;
  const primary = (): boolean => {
    const a = args[i];
    if (a === undefined) fail("argument expected", "argument expected");
    if (a === "!") {
      i++;
      return !primary();
    }
    if (a === "(") {
      i++;
      const v = orExpr();
      if (args[i] !== ")") fail("`)' expected", "missing )");
      i++;
      return v;
    }
    if (UNARY.has(a) && i + 1 < args.length) {
      i += 2;
      return unary(a, args[i - 1]!, ctx);
    }
    const op = args[i + 1];
    if (op !== undefined && (strOps.has(op) || INT_OPS.has(op))) {
      if (args[i + 2] === undefined) fail(`${a}: unary operator expected`, `${op}: argument expected`);
      i += 3;
      return binary(a, op, args[i - 1]!);
    }
    i++;
    return a !== "";
  };
  const andExpr = (): boolean => {
    let v = primary();
    while (args[i] === "-a") {
      i++;
      const r = primary();
      v = v && r;
    }
    return v;
  };
  const orExpr = (): boolean => {
    let v = andExpr();
    while (args[i] === "-o") {
      i++;
      const r = andExpr();
      v = v || r;
    }
    return v;
  };
  const v = orExpr();
  if (i < args.length) fail(`${args[i]}: binary operator expected`, `${args[i]}: unknown operand`, unexpected(i));
  return v;
}
