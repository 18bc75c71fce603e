/**
 * find: walks the session's file tree (lib/vfs.ts) from each starting point, without
 * following symbolic links, and evaluates its expression on every file: -name -iname
 * -path -type -empty -maxdepth -mindepth -print -exec, with ! -not -a -o and parentheses.
 * Directories are read in name order (the real one reads them in the file system's
 * order, which the lab's tree does not keep; /proc/sys lists them sorted, as here).
 */
import type { Command, CommandContext, CommandResult, OutputChunk } from "../../command.ts";
import { isBusybox, machineOf } from "../../machine.ts";
import { canExec, execArgv, fromChunks, stdioOrder } from "../../lib/exec.ts";
import { absolutePath, globRegex, lookup, viewOf, type FsView, type VNode } from "../../lib/vfs.ts";
import type { World } from "../../../world.ts";

type Expr =
  | { k: "name"; re: RegExp }
  | { k: "path"; re: RegExp }
  | { k: "type"; t: string }
  | { k: "empty" }
  | { k: "true" }
  | { k: "print" }
  | { k: "exec"; cmd: string[] }
  | { k: "not"; e: Expr }
  | { k: "and" | "or"; l: Expr; r: Expr };

class Bad extends Error {}

const TYPES: Record<string, string> = { dir: "d", file: "f", link: "l", chr: "c", sock: "s" };
/** The most files one find visits in the lab. */
const MAX_VISITS = 20000;

function fnmatch(pat: string, icase: boolean): RegExp {
  const re = globRegex(pat);
  return new RegExp(re.source.replace(/\[\^\/\]/g, "."), icase ? "i" : "");
}

class Parser {
  i = 0;
  hasAction = false;
  maxdepth = Infinity;
  mindepth = 0;
  constructor(
    readonly args: readonly string[],
    readonly bb: boolean,
  ) {}
  or(): Expr {
    let l = this.and();
    while (this.args[this.i] === "-o" || this.args[this.i] === "-or") {
      this.i++;
      l = { k: "or", l, r: this.and() };
    }
    return l;
  }
  and(): Expr {
    let l = this.not();
    for (;;) {
      const a = this.args[this.i];
      if (a === undefined || a === "-o" || a === "-or" || a === ")") return l;
      if (a === "-a" || a === "-and") this.i++;
      l = { k: "and", l, r: this.not() };
    }
  }
  not(): Expr {
    const a = this.args[this.i];
    if (a === "!" || a === "-not") {
      this.i++;
      return { k: "not", e: this.not() };
    }
    return this.primary();
  }
  value(opt: string): string {
    const v = this.args[this.i++];
    if (v === undefined)
      throw new Bad(this.bb ? `find: missing argument to '${opt}'\n` : `find: missing argument to \`${opt}'\n`);
    return v;
  }
  primary(): Expr {
    const a = this.args[this.i++];
    if (a === undefined) throw new Bad(`find: expected an expression after '${this.args[this.i - 2] ?? ""}'\n`);
    switch (a) {
      case "(": {
        const e = this.or();
        if (this.args[this.i] !== ")")
          throw new Bad("find: invalid expression; I was expecting to find a ')' somewhere but did not see one.\n");
        this.i++;
        return e;
      }
      case "-name":
      case "-iname":
        return { k: "name", re: fnmatch(this.value(a), a === "-iname") };
      case "-path":
      case "-wholename":
      case "-ipath":
        return { k: "path", re: fnmatch(this.value(a), a === "-ipath") };
      case "-type": {
        const t = this.value(a);
        if (!/^[fdlcsbp]$/.test(t))
          throw new Bad(this.bb ? `find: unrecognized: ${t}\n` : `find: Unknown argument to -type: ${t}\n`);
        return { k: "type", t };
      }
      case "-maxdepth":
      case "-mindepth": {
        const v = this.value(a);
        if (!/^\d+$/.test(v))
          throw new Bad(`find: Expected a positive decimal integer argument to ${a}, but got ‘${v}’\n`);
        if (a === "-maxdepth") this.maxdepth = Number(v);
        else this.mindepth = Number(v);
        return { k: "true" };
      }
      case "-empty":
        return { k: "empty" };
      case "-print":
        this.hasAction = true;
        return { k: "print" };
      case "-exec": {
        const cmd: string[] = [];
        while (this.i < this.args.length && this.args[this.i] !== ";" && this.args[this.i] !== "+")
          cmd.push(this.args[this.i++]!);
        if (this.i >= this.args.length || cmd.length === 0)
          throw new Bad(this.bb ? "find: -exec requires an argument\n" : "find: missing argument to `-exec'\n");
        this.i++;
        this.hasAction = true;
        return { k: "exec", cmd };
      }
      case "-true":
        return { k: "true" };
      case "-false":
        return { k: "not", e: { k: "true" } };
      default:
        throw new Bad(
          this.bb
            ? `find: unrecognized: ${a}\n`
            : a.startsWith("-")
              ? `find: unknown predicate \`${a}'\n`
              : `find: paths must precede expression: \`${a}'\n`,
        );
    }
  }
}

interface Walk {
  readonly ctx: CommandContext;
  readonly view: FsView;
  world: World;
  readonly chunks: OutputChunk[];
  visits: number;
  status: number;
}

function test(w: Walk, e: Expr, path: string, node: VNode): boolean {
  switch (e.k) {
    case "name": {
      const base = path === "/" ? "/" : path.replace(/\/+$/, "").split("/").pop()!;
      return e.re.test(base);
    }
    case "path":
      return e.re.test(path);
    case "type":
      return TYPES[node.stat.type] === e.t;
    case "empty":
      return node.stat.type === "dir"
        ? (node.list?.().length ?? 0) === 0
        : node.stat.type === "file" && node.stat.size === 0 && node.stat.fs !== "proc"
          ? true
          : false;
    case "true":
      return true;
    case "print":
      w.chunks.push({ stream: "stdout", text: `${path}\n` });
      return true;
    case "exec": {
      const argv = e.cmd.map((x) => x.split("{}").join(path));
      if (!canExec(w.ctx, argv[0]!)) {
        w.chunks.push({ stream: "stderr", text: `find: ‘${argv[0]}’: No such file or directory\n` });
        w.status = 1;
        return false;
      }
      const r = execArgv(w.ctx, w.world, argv);
      w.world = r.world;
      w.chunks.push(...r.output);
      return r.exitCode === 0;
    }
    case "not":
      return !test(w, e.e, path, node);
    case "and":
      return test(w, e.l, path, node) && test(w, e.r, path, node);
    case "or":
      return test(w, e.l, path, node) || test(w, e.r, path, node);
  }
}

function visit(w: Walk, expr: Expr, p: Parser, path: string, node: VNode, depth: number): void {
  if (++w.visits > MAX_VISITS) return;
  if (depth >= p.mindepth) test(w, expr, path, node);
  if (node.stat.type !== "dir" || depth >= p.maxdepth || !node.list || !node.child) return;
  for (const name of node.list()) {
    const child = node.child(name);
    if (child) visit(w, expr, p, path.endsWith("/") ? `${path}${name}` : `${path}/${name}`, child, depth + 1);
  }
}

export const find: Command = (argv, ctx): CommandResult => {
  const bb = isBusybox(machineOf(ctx.world, ctx.session), "find");
  const args = argv.slice(1);
  let k = 0;
  while (k < args.length && !(args[k]!.startsWith("-") && args[k]!.length > 1) && args[k] !== "!" && args[k] !== "(")
    k++;
  const starts = k === 0 ? ["."] : args.slice(0, k);
  const p = new Parser(args.slice(k), bb);
  let expr: Expr = { k: "true" };
  try {
    if (p.args.length > 0) expr = p.or();
    if (p.i < p.args.length) throw new Bad(`find: unexpected extra predicate '${p.args[p.i]}'\n`);
  } catch (e) {
    if (e instanceof Bad) return { world: ctx.world, stdout: "", stderr: e.message, exitCode: 1 };
    throw e;
  }
  if (!p.hasAction) expr = { k: "and", l: expr, r: { k: "print" } };
  const view = viewOf(ctx.world, ctx.session);
  const w: Walk = { ctx, view, world: ctx.world, chunks: [], visits: 0, status: 0 };
  for (const s of starts) {
    const r = lookup(view, absolutePath(view, s), true);
    if ("error" in r) {
      const why = r.error === "ENOTDIR" ? "Not a directory" : "No such file or directory";
      w.chunks.push({ stream: "stderr", text: bb ? `find: ${s}: ${why}\n` : `find: ‘${s}’: ${why}\n` });
      w.status = 1;
      continue;
    }
    visit(w, expr, p, s, r.node, 0);
  }
  return fromChunks(w.world, stdioOrder(ctx, w.chunks), w.status);
};
