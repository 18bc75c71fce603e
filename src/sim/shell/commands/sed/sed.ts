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

import { link, parseCommands, SedError, type Addr, type Cmd } from "./script.ts";

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

/** Each turn of a script's commands against the pattern space: GNU sed's cycle, bounded. */
function execute(cmds: readonly Cmd[], text: string, quiet: boolean): { out: string; quit: boolean } {
  const lines = text.split("\n");
  const trailing = lines[lines.length - 1] === "";
  if (trailing) lines.pop();
  let out = "";
  let hold = "";
  let n = 0;
  /** The pattern space ends the output without a newline when the input's last line had none. */
  const emit = (s: string) => {
    out += s + (n === lines.length && !trailing ? "" : "\n");
  };
  let steps = 0;
  let restart: string | undefined;
  while (restart !== undefined || n < lines.length) {
    let line: string;
    if (restart !== undefined) {
      line = restart;
      restart = undefined;
    } else line = lines[n++]!;
    let appended = "";
    let deleted = false;
    let subst = false;
    for (let pc = 0; pc < cmds.length;) {
      if (++steps > STEP_LIMIT)
        return { out: out + `[lab: sed stopped after ${STEP_LIMIT} steps, the lab's limit]\n`, quit: true };
      const cmd = cmds[pc]!;
      const isLast = n === lines.length;
      if (cmd.name === "}" || cmd.name === ":") {
        pc++;
        continue;
      }
      if (!selected(cmd, line, n, isLast)) {
        pc = cmd.name === "{" ? cmd.jump! + 1 : pc + 1;
        continue;
      }
      pc++;
      switch (cmd.name) {
        case "s": {
          const r = substitute(line, cmd);
          line = r.text;
          if (r.done) subst = true;
          if (r.done && cmd.print) out += line + "\n";
          break;
        }
        case "p":
          out += line + "\n";
          break;
        case "P":
          out += line.split("\n")[0] + "\n";
          break;
        case "=":
          out += `${n}\n`;
          break;
        case "l":
          out += line.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n") + "$\n";
          break;
        case "y":
          line = [...line].map((c) => { const k = cmd.from!.indexOf(c); return k < 0 ? c : cmd.to![k]!; }).join(""); // prettier-ignore
          break;
        case "h":
          hold = line;
          break;
        case "H":
          hold += "\n" + line;
          break;
        case "g":
          line = hold;
          break;
        case "G":
          line += "\n" + hold;
          break;
        case "x":
          [line, hold] = [hold, line];
          break;
        case "a":
          appended += cmd.text + "\n";
          break;
        case "i":
          out += cmd.text + "\n";
          break;
        case "c":
          if (!cmd.a2 || !cmd.active) out += cmd.text + "\n";
          deleted = true;
          pc = cmds.length;
          break;
        case "b":
          pc = cmd.jump!;
          break;
        case "t":
        case "T":
          if (subst === (cmd.name === "t")) pc = cmd.jump!;
          subst = false;
          break;
        case "n":
          if (n >= lines.length) {
            pc = cmds.length;
            break;
          }
          if (!quiet) out += line + "\n";
          line = lines[n++]!;
          break;
        case "N":
          if (n >= lines.length) {
            pc = cmds.length;
            break;
          }
          line += "\n" + lines[n++]!;
          break;
        case "D": {
          const nl = line.indexOf("\n");
          deleted = true;
          if (nl >= 0) restart = line.slice(nl + 1);
          pc = cmds.length;
          break;
        }
        case "d":
          deleted = true;
          pc = cmds.length;
          break;
        case "q":
          if (!quiet) emit(line);
          return { out: out + appended, quit: true };
        case "Q":
          return { out, quit: true };
      }
    }
    if (!deleted && !quiet) emit(line);
    out += appended;
  }
  return { out, quit: false };
}

/** Commands one sed runs at most (a `b` loop with no way out would run forever). */
const STEP_LIMIT = 1_000_000;

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
    scripts.forEach((s, k) => (cmds = cmds.concat(parseCommands(s, k + 1, extended))));
    cmds = link(cmds, scripts.length);
  } catch (e) {
    if (e instanceof SedError)
      return { world: ctx.world, stdout: "", stderr: (bb ? e.bb : e.gnu) + "\n", exitCode: bb ? 1 : e.status };
    throw e;
  }
  const read = readInputs("sed", files, ctx);
  const stderr = bb
    ? read.stderr.replace(/^sed: can't open '(.*)': /gm, "sed: $1: ")
    : read.stderr.replace(/^sed: (.*): No such/gm, "sed: can't read $1: No such");
  const run = (text: string): { out: string; quit: boolean } => execute(cmds, text, quiet);
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
