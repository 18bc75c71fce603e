/**
 * jq 1.6 (Debian 12's): its options, its inputs (stdin or files, every JSON value in
 * them), its printing and its errors: compile errors exit 3, a bad input 4 (after the
 * values before it), a runtime error 5 (the next input still runs), a missing file 2.
 * stdout goes to a pipe fully buffered, so what jq writes to stderr comes first unless
 * its output passed 4096 bytes.
 */
import type { Command, CommandContext, CommandResult, OutputChunk } from "../../command.ts";
import { errnoText, readPath, viewOf } from "../../lib/vfs.ts";
import { exportedEnv } from "../../vars.ts";
import { builtinDefs } from "./builtins.ts";
import { JqHalt } from "./generators.ts";
import { NATIVES } from "./natives.ts";
import { ev, type Ctx, type Env } from "./eval.ts";
import { dump, JqError, JqLimit, parseOne, parseStream, truthy, type J } from "./json.ts";
import { JqSyntaxError, parseProgram, type Node, type Pattern } from "./parse.ts";

const VERSION = "jq-1.6";
const UNKNOWN_TAIL =
  "Use jq --help for help with command-line options,\nor see the jq manpage, or online docs  at https://stedolan.github.io/jq\n";
const USAGE = `Usage:\tjq [OPTIONS] FILTER [FILES...]\n\tjq [OPTIONS] --args FILTER [STRINGS...]\n\tjq [OPTIONS] --jsonargs FILTER [JSON_TEXTS...]\n\njq is a tool for processing JSON inputs, applying the given filter to\nits JSON text inputs and producing the filter's results as JSON on\nstandard output.\n\nThe simplest filter is ., which copies jq's input to its output\nunmodified (except for formatting, but note that IEEE754 is used\nfor number representation internally, with all that that implies).\n\nFor more advanced filters see the jq(1) manpage ("man jq")\nand/or https://stedolan.github.io/jq\n\nExample:\n\n\t$ echo '{"foo": 0}' | jq .\n\t{\n\t\t"foo": 0\n\t}\n\nFor a listing of options, use jq --help.\n`;
const HELP = `jq - commandline JSON processor [version 1.6]\n\nUsage:\tjq [options] <jq filter> [file...]\n\tjq [options] --args <jq filter> [strings...]\n\tjq [options] --jsonargs <jq filter> [JSON_TEXTS...]\n\njq is a tool for processing JSON inputs, applying the given filter to\nits JSON text inputs and producing the filter's results as JSON on\nstandard output.\n\nThe simplest filter is ., which copies jq's input to its output\nunmodified (except for formatting, but note that IEEE754 is used\nfor number representation internally, with all that that implies).\n\nFor more advanced filters see the jq(1) manpage ("man jq")\nand/or https://stedolan.github.io/jq\n\nExample:\n\n\t$ echo '{"foo": 0}' | jq .\n\t{\n\t\t"foo": 0\n\t}\n\nSome of the options include:\n  -c               compact instead of pretty-printed output;\n  -n               use \`null\` as the single input value;\n  -e               set the exit status code based on the output;\n  -s               read (slurp) all inputs into an array; apply filter to it;\n  -r               output raw strings, not JSON texts;\n  -a               output ASCII with escape sequences;\n  -S               sort keys of objects on output;\n  -C               colorize JSON;\n  -M               monochrome (don't colorize JSON);\n  --tab            use tabs for indentation;\n  --arg a v        set variable $a to value <v>;\n  --argjson a v    set variable $a to JSON value <v>;\n  --slurpfile a f  set variable $a to an array of JSON texts read from <f>;\n  --rawfile a f    set variable $a to a string consisting of the contents of <f>;\n  --args           remaining arguments are string arguments, not files;\n  --jsonargs       remaining arguments are JSON arguments, not files;\n  --               terminates argument processing;\n\nNamed arguments are also available as $ARGS.named[], while\npositional arguments are available as $ARGS.positional[].\n\nSee the manpage for more options.\n`;

/** Where a compile error points: the program's line and as many blanks as jq pads with. */
function located(src: string, at: number): string {
  const start = src.lastIndexOf("\n", at - 1) + 1;
  const nl = src.indexOf("\n", at);
  const lineNo = src.slice(0, start).split("\n").length;
  const text = nl < 0 ? src.slice(start) : src.slice(start, nl + 1);
  return `at <top-level>, line ${lineNo}:\n${text}${" ".repeat(at - start)}`;
}

/** jq's compile-time check: every function and variable a program uses is defined. */
function undefinedNames(n: Node, funcs: Set<string>, vars: Set<string>, out: { msg: string; at: number }[]): void {
  const walk = (x: Node, f = funcs, v = vars) => undefinedNames(x, f, v, out);
  switch (n.k) {
    case "call":
      if (!funcs.has(`${n.name}/${n.args.length}`))
        out.push({ msg: `${n.name}/${n.args.length} is not defined`, at: n.at });
      n.args.forEach((a) => walk(a));
      return;
    case "var":
      if (!vars.has(n.name)) out.push({ msg: `$${n.name} is not defined`, at: n.at ?? 0 });
      return;
    case "def": {
      const f2 = new Set(funcs);
      for (const d of n.defs) {
        f2.add(`${d.name}/${d.params.length}`);
        const inner = new Set(f2);
        const v2 = new Set(vars);
        for (const p of d.params) {
          if (p.startsWith("$")) {
            v2.add(p.slice(1));
            inner.add(`${p.slice(1)}/0`);
          } else inner.add(`${p}/0`);
        }
        walk(d.body, inner, v2);
      }
      walk(n.body, f2);
      return;
    }
    case "as":
    case "reduce":
    case "foreach": {
      walk(n.src);
      const v2 = new Set(vars);
      const add = (p: Pattern): void => {
        if (p.k === "var") v2.add(p.name);
        else if (p.k === "arr") p.items.forEach(add);
        else
          p.items.forEach((i) => {
            if (i.name !== undefined) v2.add(i.name);
            if (i.pat) add(i.pat);
          });
      };
      add(n.pat);
      if (n.k === "as") walk(n.body, funcs, v2);
      else {
        walk(n.init);
        walk(n.update, funcs, v2);
        if (n.k === "foreach" && n.extract) walk(n.extract, funcs, v2);
      }
      return;
    }
    default:
      for (const val of Object.values(n))
        if (Array.isArray(val)) {
          for (const x of val) {
            if (x && typeof x === "object" && "k" in x) walk(x as Node);
            else if (x && typeof x === "object" && "key" in x) {
              walk((x as { key: Node }).key);
              walk((x as { value: Node }).value);
            }
          }
        } else if (val && typeof val === "object" && "k" in val) walk(val as Node);
  }
}

interface Opts {
  nullInput: boolean;
  raw: boolean;
  join: boolean;
  compact: boolean;
  slurp: boolean;
  exitStatus: boolean;
  sortKeys: boolean;
  ascii: boolean;
  rawInput: boolean;
  indent: number;
  vars: Map<string, J>;
}

export const jq: Command = (argv, ctx): CommandResult => {
  const o: Opts = {
    nullInput: false,
    raw: false,
    join: false,
    compact: false,
    slurp: false,
    exitStatus: false,
    sortKeys: false,
    ascii: false,
    rawInput: false,
    indent: 2,
    vars: new Map(),
  };
  const rest: string[] = [];
  const done = (stdout: string, stderr: string, exitCode: number): CommandResult => ({
    world: ctx.world,
    stdout,
    stderr,
    exitCode,
  });
  const LONG: Record<string, keyof Opts> = {
    "--null-input": "nullInput",
    "--raw-output": "raw",
    "--join-output": "join",
    "--compact-output": "compact",
    "--slurp": "slurp",
    "--exit-status": "exitStatus",
    "--sort-keys": "sortKeys",
    "--ascii-output": "ascii",
    "--raw-input": "rawInput",
  };
  const SHORT: Record<string, keyof Opts> = {
    n: "nullInput",
    r: "raw",
    j: "join",
    c: "compact",
    s: "slurp",
    e: "exitStatus",
    S: "sortKeys",
    a: "ascii",
    R: "rawInput",
  };
  let onlyArgs = false;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (onlyArgs || !a.startsWith("-") || a === "-") {
      rest.push(a);
      continue;
    }
    if (a === "--") onlyArgs = true;
    else if (a === "--version") return done(`${VERSION}\n`, "", 0);
    else if (a === "-h" || a === "--help") return done(HELP, "", 0);
    else if (Object.hasOwn(LONG, a)) (o[LONG[a]!] as boolean) = true;
    else if (a === "--tab") o.indent = -1;
    else if (a === "--indent") o.indent = Math.min(7, Number(argv[++i] ?? 2));
    else if (a === "--arg" || a === "--argjson") {
      const name = argv[i + 1];
      const val = argv[i + 2];
      if (name === undefined || val === undefined)
        return done(
          "",
          `jq: ${a} takes two parameters (e.g. ${a} varname ${a === "--arg" ? "value" : "text"})\n${UNKNOWN_TAIL}`,
          2,
        );
      i += 2;
      if (a === "--arg") o.vars.set(name, val);
      else {
        const r = parseOne(val);
        if (!("v" in r)) return done("", `jq: invalid JSON text passed to --argjson\n${UNKNOWN_TAIL}`, 2);
        o.vars.set(name, r.v);
      }
    } else if (
      a === "-C" ||
      a === "-M" ||
      a === "--color-output" ||
      a === "--monochrome-output" ||
      a === "--unbuffered"
    )
      continue;
    else if (
      /^-[a-zA-Z]+$/.test(a) &&
      [...a.slice(1)].every((c) => Object.hasOwn(SHORT, c) || c === "C" || c === "M")
    ) {
      for (const c of a.slice(1)) if (Object.hasOwn(SHORT, c)) (o[SHORT[c]!] as boolean) = true;
    } else return done("", `jq: Unknown option ${a}\n${UNKNOWN_TAIL}`, 2);
  }
  const program = rest.shift() ?? ".";
  if (argv.length === 1 && ctx.stdin === "" && ctx.stdinFile === undefined && ctx.stdoutTty) return done("", USAGE, 2);

  // compile
  let prog: Node;
  try {
    prog = parseProgram(program);
  } catch (e) {
    if (!(e instanceof JqSyntaxError)) throw e;
    const hint = e.folded ? "" : " (Unix shell quoting issues?)";
    return done("", `jq: error: ${e.msg}${hint} ${located(program, e.at)}\njq: 1 compile error\n`, 3);
  }
  const defs = builtinDefs();
  const funcs = new Set([...NATIVES.keys(), ...defs.map((d) => `${d.name}/${d.params.length}`)]);
  const missing: { msg: string; at: number }[] = [];
  undefinedNames(prog, funcs, new Set([...o.vars.keys(), "ENV", "__prog_args"]), missing);
  if (missing.length > 0) {
    const msgs = missing.map((m) => `jq: error: ${m.msg} ${located(program, m.at)}\n`).join("");
    return done("", `${msgs}jq: ${missing.length} compile error${missing.length > 1 ? "s" : ""}\n`, 3);
  }
  return execute(ctx, o, prog, rest);
};

function execute(ctx: CommandContext, o: Opts, prog: Node, files: string[]): CommandResult {
  const chunks: OutputChunk[] = [];
  let outBuf = "";
  let stdoutAll = "";
  let stderrAll = "";
  const err = (s: string) => {
    chunks.push({ stream: "stderr", text: s });
    stderrAll += s;
  };
  const write = (s: string) => {
    outBuf += s;
    stdoutAll += s;
    // on a terminal stdio flushes each line; into a pipe, every 4096 bytes
    if (ctx.stdoutTty || outBuf.length >= 4096) {
      const n = ctx.stdoutTty ? outBuf.length : outBuf.length - (outBuf.length % 4096);
      chunks.push({ stream: "stdout", text: outBuf.slice(0, n) });
      outBuf = outBuf.slice(n);
    }
  };
  let status = 0;

  // inputs: each source's text, then every value in it
  const sources: { name: string; text: string }[] = [];
  if (files.length === 0) sources.push({ name: "<stdin>", text: ctx.stdin });
  const view = files.length > 0 ? viewOf(ctx.world, ctx.session) : undefined;
  for (const f of files) {
    const r = readPath(view!, f);
    if ("text" in r) sources.push({ name: f, text: r.text });
    else {
      err(`jq: error: Could not open file ${f}: ${errnoText(r.errno)}\n`);
      status = 2;
    }
  }
  const values: { v: J; where: string }[] = [];
  let parseError: string | undefined;
  for (const s of sources) {
    if (o.rawInput) {
      const lines = s.text.split("\n");
      if (lines.at(-1) === "") lines.pop();
      lines.forEach((l, i) => values.push({ v: l, where: `${s.name}:${i + 1}` }));
      continue;
    }
    const p = parseStream(s.text);
    for (const x of p.values) values.push({ v: x.v, where: `${s.name}:${x.line}` });
    if (p.error) {
      parseError = p.error;
      break;
    }
  }
  let queue: { v: J; where: string }[];
  if (o.slurp)
    queue = [
      {
        v: o.rawInput ? values.map((x) => String(x.v as string)).join("\n") : values.map((x) => x.v),
        where: "<unknown>",
      },
    ];
  else queue = values;
  const env: Env = {
    vars: new Map<string, J>([
      ...o.vars,
      ["ENV", new Map(Object.entries(exportedEnv(ctx.world, ctx.session)))],
      ["__prog_args", null],
    ]),
    funcs: new Map(),
  };
  const wrapped: Node = { k: "def", defs: [...builtinDefs()], body: prog };
  let pos = 0;
  const jctx: Ctx = {
    steps: 0,
    depth: 0,
    natives: NATIVES,
    inputs: { next: () => (pos < queue.length ? queue[pos++]!.v : undefined) },
    stderr: err,
    env: new Map(),
  };
  let last: J | undefined;
  let produced = false;
  const runOne = (input: J, where: string): boolean => {
    try {
      for (const [x] of ev(jctx, wrapped, input, undefined, env)) {
        produced = true;
        last = x;
        const text =
          (o.raw || o.join) && typeof x === "string"
            ? x
            : dump(x, { indent: o.compact ? 0 : o.indent, sortKeys: o.sortKeys, ascii: o.ascii });
        write(o.join ? text : `${text}\n`);
        if (stdoutAll.length > 1_000_000) throw new JqLimit("output");
      }
    } catch (e) {
      if (e instanceof JqError) {
        const m = e.value;
        err(
          typeof m === "string"
            ? `jq: error (at ${where}): ${m}\n`
            : `jq: error (at ${where}) (not a string): ${dump(m, { indent: 0 })}\n`,
        );
        status = 5;
      } else if (e instanceof JqHalt) {
        err(e.stderr);
        status = e.status;
        return false;
      } else if (e instanceof JqLimit) {
        err(`jq: error: [lab: the program ran past the lab's limit (${e.what})]\n`);
        status = 5;
        return false;
      } else throw e;
    }
    return true;
  };
  if (o.nullInput) runOne(null, "<unknown>");
  else
    while (pos < queue.length) {
      const cur = queue[pos++]!;
      if (!runOne(cur.v, cur.where)) break;
    }
  if (parseError) {
    err(`${parseError}\n`);
    status = 2;
  }
  if (o.exitStatus && status === 0) status = !produced ? 4 : truthy(last ?? null) ? 0 : 1;
  if (status === 2 && parseError) status = 4;
  if (outBuf) chunks.push({ stream: "stdout", text: outBuf });
  return { world: ctx.world, stdout: stdoutAll, stderr: stderrAll, exitCode: status, output: chunks };
}
