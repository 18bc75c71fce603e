/**
 * `sed` (GNU sed 4.9 on the host; busybox's in a container): `s/RE/REPL/FLAGS` (g, p, I,
 * N; `&`, `\1`–`\9`; any delimiter), `p`, `d`, `q`, `=`, `y`, addresses by line number,
 * `$`, `/RE/` and ranges (`N,M`, `/a/,/b/`, with `!`), several `-e`, `;` or newlines
 * between commands, `-n`, `-E`/`-r`, `-i` on the lab's files. Errors as each words them.
 */
import { writeFile } from "../../../kernel/files.ts";
import type { Command, CommandResult } from "../../command.ts";
import { readInputs } from "../../lib/inputs.ts";
import { isBusybox, machineOf } from "../../machine.ts";
import { resolvePath } from "../../vars.ts";
import { GNU_USAGE } from "./usage.ts";
import { toRegExp } from "./regex.ts";

type Addr = { kind: "line"; n: number } | { kind: "last" } | { kind: "re"; re: RegExp };

interface Cmd {
  a1?: Addr;
  a2?: Addr;
  neg: boolean;
  name: string;
  re?: RegExp;
  repl?: string;
  global?: boolean;
  nth?: number;
  print?: boolean;
  from?: string;
  to?: string;
  /** For a range: whether it is open now. */
  active?: boolean;
}

class SedError extends Error {
  constructor(
    readonly gnu: string,
    readonly bb: string,
  ) {
    super(gnu);
  }
}

function parseScript(script: string, exprNo: number, extended: boolean): Cmd[] {
  const cmds: Cmd[] = [];
  let i = 0;
  const err = (msg: string, bb: string, at = i): never => {
    throw new SedError(`sed: -e expression #${exprNo}, char ${at}: ${msg}`, `sed: ${bb}`);
  };
  const regex = (src: string): RegExp => {
    const r = toRegExp(src, extended);
    if ("error" in r) return err(r.error, `bad regex '${src}': ${r.error}`, i);
    return r.re;
  };
  /** Text up to the next unescaped `delim`; undefined when the expression ends first. */
  const until = (delim: string): string | undefined => {
    let s = "";
    while (i < script.length) {
      const c = script[i]!;
      if (c === "\\" && i + 1 < script.length) {
        const n = script[i + 1]!;
        s += n === delim && delim !== "\\" ? n : n === "n" && delim !== "n" ? "\\n" : c + n;
        i += 2;
        continue;
      }
      if (c === delim) {
        i++;
        return s;
      }
      if (c === "\n") return undefined;
      s += c;
      i++;
    }
    return undefined;
  };
  const address = (): Addr | undefined => {
    const c = script[i];
    if (c === undefined) return undefined;
    if (/\d/.test(c)) {
      const m = /^\d+/.exec(script.slice(i))![0];
      i += m.length;
      return { kind: "line", n: Number(m) };
    }
    if (c === "$") {
      i++;
      return { kind: "last" };
    }
    if (c === "/" || c === "\\") {
      const delim = c === "\\" ? script[++i]! : "/";
      i++;
      const src = until(delim);
      if (src === undefined) return err(`unterminated address regex`, `unmatched '${delim}'`, script.length);
      let re = regex(src);
      if (script[i] === "I") {
        i++;
        re = new RegExp(re.source, "i");
      }
      return { kind: "re", re };
    }
    return undefined;
  };
  while (i < script.length) {
    while (i < script.length && /[\s;]/.test(script[i]!)) i++;
    if (i >= script.length) break;
    const cmd: Cmd = { neg: false, name: "" };
    const a1 = address();
    if (a1) {
      cmd.a1 = a1;
      if (script[i] === ",") {
        i++;
        const a2 = address();
        if (!a2) return err("unexpected `,'", "unexpected ','", i);
        cmd.a2 = a2;
      }
    }
    while (script[i] === " ") i++;
    if (script[i] === "!") {
      cmd.neg = true;
      i++;
      while (script[i] === " ") i++;
    }
    const name = script[i];
    if (name === undefined || name === ";" || name === "\n") return err("missing command", "missing command", i);
    i++;
    cmd.name = name;
    if (name === "s") {
      const delim = script[i];
      if (delim === undefined || delim === "\n" || delim === "\\")
        return err("unterminated `s' command", "unmatched '/'", script.length);
      i++;
      const pat = until(delim);
      if (pat === undefined) return err("unterminated `s' command", `unmatched '${delim}'`, script.length);
      const repl = until(delim);
      if (repl === undefined) return err("unterminated `s' command", `unmatched '${delim}'`, script.length);
      const re0 = toRegExp(pat, extended);
      if ("error" in re0) return err(re0.error, `bad regex '${pat}': ${re0.error}`, i);
      let flags = "";
      while (i < script.length && !/[;\n}]/.test(script[i]!)) {
        const f = script[i]!;
        if (f === "g") cmd.global = true;
        else if (f === "p") cmd.print = true;
        else if (f === "I" || f === "i") flags += "i";
        else if (/\d/.test(f)) {
          const m = /^\d+/.exec(script.slice(i))![0];
          cmd.nth = Number(m);
          i += m.length - 1;
        } else if (f === " ") {
          /* spaces before `;` */
        } else return err("unknown option to `s'", "bad option in substitution expression", i + 1);
        i++;
      }
      const ref = /\\([1-9])/.exec(repl.replace(/\\\\/g, ""));
      if (ref && Number(ref[1]) > re0.groups)
        return err(`invalid reference \\${ref[1]} on \`s' command's RHS`, `invalid reference`, i);
      cmd.re = new RegExp(re0.re.source, "g" + flags);
      cmd.repl = repl;
    } else if (name === "y") {
      const delim = script[i];
      if (delim === undefined)
        return err("unterminated `y' command", "bad format in substitution expression", script.length);
      i++;
      const from = until(delim);
      const to = from === undefined ? undefined : until(delim);
      if (from === undefined || to === undefined)
        return err("unterminated `y' command", "bad format in substitution expression", script.length);
      if ([...from].length !== [...to].length)
        return err("strings for `y' command are different lengths", "bad format in substitution expression", i);
      cmd.from = from;
      cmd.to = to;
    } else if (!"pdqQ=".includes(name)) {
      return err(`unknown command: \`${name}'`, `unsupported command ${name}`, i);
    }
    if ((name === "q" || name === "Q") && /\d/.test(script[i] ?? "")) i += /^\d+/.exec(script.slice(i))![0].length;
    cmds.push(cmd);
  }
  return cmds;
}

/** The replacement for one match: `&`, `\1`–`\9`, `\n`, escaped characters. */
function replacement(repl: string, m: RegExpExecArray): string {
  let out = "";
  for (let i = 0; i < repl.length; i++) {
    const c = repl[i]!;
    if (c === "&") out += m[0];
    else if (c === "\\" && i + 1 < repl.length) {
      const n = repl[++i]!;
      if (/\d/.test(n)) out += m[Number(n)] ?? "";
      else if (n === "n") out += "\n";
      else if (n === "t") out += "\t";
      else out += n;
    } else out += c;
  }
  return out;
}

function substitute(line: string, cmd: Cmd): { text: string; done: boolean } {
  const re = cmd.re!;
  re.lastIndex = 0;
  let out = "";
  let last = 0;
  let count = 0;
  let done = false;
  for (let guard = 0; guard <= line.length + 1; guard++) {
    const m = re.exec(line);
    if (!m) break;
    count++;
    const want = cmd.nth ?? 1;
    if (count >= want && (cmd.global || count === want)) {
      out += line.slice(last, m.index) + replacement(cmd.repl!, m);
      last = m.index + m[0].length;
      done = true;
      if (!cmd.global) break;
    }
    if (m[0] === "") re.lastIndex++;
  }
  return { text: done ? out + line.slice(last) : line, done };
}

function matches(a: Addr, line: string, n: number, isLast: boolean): boolean {
  if (a.kind === "line") return n === a.n;
  if (a.kind === "last") return isLast;
  a.re.lastIndex = 0;
  return a.re.test(line);
}

function selected(cmd: Cmd, line: string, n: number, isLast: boolean): boolean {
  let hit: boolean;
  if (!cmd.a1) hit = true;
  else if (!cmd.a2) hit = matches(cmd.a1, line, n, isLast);
  else if (cmd.active) {
    hit = true;
    const a2 = cmd.a2;
    if (a2.kind === "line" ? n >= a2.n : matches(a2, line, n, isLast)) cmd.active = false;
  } else if (matches(cmd.a1, line, n, isLast)) {
    hit = true;
    const a2 = cmd.a2;
    cmd.active = !(a2.kind === "line" ? a2.n <= n : a2.kind === "last" ? isLast : false);
  } else hit = false;
  return hit !== cmd.neg;
}

export const sed: Command = (argv, ctx): CommandResult => {
  const bb = isBusybox(machineOf(ctx.world, ctx.session), "sed");
  let quiet = false;
  let extended = false;
  let inPlace = false;
  const scripts: string[] = [];
  const files: string[] = [];
  const args = argv.slice(1);
  const usage = (): CommandResult => ({
    world: ctx.world,
    stdout: "",
    stderr: bb
      ? "BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n\nUsage: sed [-i[SFX]] [-nrE] [-f FILE]... [-e CMD]... [FILE]...\n"
      : GNU_USAGE,
    exitCode: 1,
  });
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "-e" || a === "--expression") {
      if (args[i + 1] === undefined) return usage();
      scripts.push(args[++i]!);
    } else if (a.startsWith("--expression=")) scripts.push(a.slice(13));
    else if (a === "-n" || a === "--quiet" || a === "--silent") quiet = true;
    else if (a === "-E" || a === "-r" || a === "--regexp-extended") extended = true;
    else if (a.startsWith("-i") || a === "--in-place") inPlace = true;
    else if (/^-[nErs]+$/.test(a)) {
      quiet ||= a.includes("n");
      extended ||= a.includes("E") || a.includes("r");
    } else if (/^-[nErs]*e$/.test(a)) {
      quiet ||= a.includes("n");
      extended ||= a.includes("E") || a.includes("r");
      if (args[i + 1] === undefined) return usage();
      scripts.push(args[++i]!);
    } else if (a.startsWith("-") && a !== "-") {
      const stderr = bb
        ? `sed: invalid option -- '${a[1]}'\n` + usage().stderr
        : `sed: invalid option -- '${a[1]}'\n` + GNU_USAGE;
      return { world: ctx.world, stdout: "", stderr, exitCode: 1 };
    } else files.push(a);
  }
  if (scripts.length === 0) {
    if (files.length === 0) return usage();
    scripts.push(files.shift()!);
  }
  let cmds: Cmd[] = [];
  try {
    scripts.forEach((s, k) => (cmds = cmds.concat(parseScript(s, k + 1, extended))));
  } catch (e) {
    if (e instanceof SedError) return { world: ctx.world, stdout: "", stderr: (bb ? e.bb : e.gnu) + "\n", exitCode: 1 };
    throw e;
  }
  const read = readInputs("sed", files, ctx);
  const stderr = bb
    ? read.stderr.replace(/^sed: can't open '(.*)': /gm, "sed: $1: ")
    : read.stderr.replace(/^sed: (.*): No such/gm, "sed: can't read $1: No such");
  const run = (text: string): { out: string; quit: boolean } => {
    const lines = text.split("\n");
    const trailing = lines[lines.length - 1] === "";
    if (trailing) lines.pop();
    let out = "";
    for (let n = 1; n <= lines.length; n++) {
      let line = lines[n - 1]!;
      const isLast = n === lines.length;
      let deleted = false;
      let quit = false;
      for (const cmd of cmds) {
        if (!selected(cmd, line, n, isLast)) continue;
        if (cmd.name === "s") {
          const r = substitute(line, cmd);
          line = r.text;
          if (r.done && cmd.print) out += line + "\n";
        } else if (cmd.name === "p") out += line + "\n";
        else if (cmd.name === "=") out += `${n}\n`;
        else if (cmd.name === "y")
          line = [...line].map((c) => { const k = cmd.from!.indexOf(c); return k < 0 ? c : cmd.to![k]!; }).join(""); // prettier-ignore
        else if (cmd.name === "d") {
          deleted = true;
          break;
        } else if (cmd.name === "q") {
          quit = true;
          break;
        } else if (cmd.name === "Q") {
          return { out, quit: true };
        }
      }
      if (!deleted && !quiet) out += line + (isLast && !trailing ? "" : "\n");
      if (quit) return { out, quit: true };
    }
    return { out, quit: false };
  };
  if (inPlace && files.length > 0) {
    let w = ctx.world;
    const machine = ctx.session.mounts ?? ctx.session.machine;
    for (const input of read.inputs) {
      cmds.forEach((c) => (c.active = false));
      w = writeFile(w, machine, resolvePath(ctx.world, ctx.session, input.name), run(input.text).out);
    }
    return { world: w, stdout: "", stderr, exitCode: read.failed ? (bb ? 1 : 2) : 0 };
  }
  // Without -s, GNU sed reads its files as one stream.
  const r = run(read.inputs.map((x) => x.text).join(""));
  return { world: ctx.world, stdout: r.out, stderr, exitCode: read.failed ? (bb ? 1 : 2) : 0 };
};
