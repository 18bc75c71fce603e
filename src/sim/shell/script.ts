/**
 * A shell reading a file of commands: `bash run.sh`, `sh run.sh`, `./run.sh` after
 * `chmod +x`. The file is read one complete command at a time (a `for … done` spread
 * over lines is one), in a child shell that keeps its variables, functions and
 * directory from one command to the next and stops at `exit` or, under `set -e`, at a
 * failure. Its errors name the file and the line instead of the shell: bash writes
 * `run.sh: line 2: x: command not found`, dash `run.sh: 2: x: not found`, busybox ash
 * `run.sh: line 2: x: not found`. The parent sees none of the child's variables.
 */
import { LIMITS } from "../limits.ts";
import type { TraceEvent } from "../trace/events.ts";
import type { World } from "../world.ts";
import type { CommandContext, CommandResult, OutputChunk, Session } from "./command.ts";
import { absolutePath, lookup, viewOf, type FsView } from "./lib/vfs.ts";
import { providerOf, type Machine } from "./machine.ts";
import { needsMoreInput, parseScript } from "./parse.ts";

/** Which shell reads the file: its name for errors, its wording and its language. */
export type Dialect = "bash" | "dash" | "ash";

/** The machine's /bin/sh: Debian's host runs dash, the images busybox ash. */
export function shOf(where: Machine): Dialect {
  return providerOf(where, "sh", "sh") === "dash" ? "dash" : "ash";
}

/** The shell a session runs in now: bash, else the sh it was started as. */
export function dialectOf(shell: NonNullable<Session["shell"]>, session: Session): Dialect {
  return shell !== "sh" ? "bash" : session.dash ? "dash" : "ash";
}

export interface Script {
  /** The file as it was named (`./run.sh`, `/tmp/run.sh`): `$0` and the errors' prefix. */
  readonly name: string;
  readonly text: string;
  readonly args: readonly string[];
  readonly dialect: Dialect;
  readonly errexit?: boolean;
  readonly xtrace?: boolean;
  /** Read from stdin (`sh < run.sh`), not from a file it was given: `name` is then the shell's. */
  readonly stdin?: boolean;
}

/** The child shell's session: the parent's exported variables and directory, nothing else of its own. */
export function scriptSession(parent: Session, s: Script): Session {
  const exported = parent.exported ?? [];
  const vars = Object.fromEntries(Object.entries(parent.vars ?? {}).filter(([k]) => exported.includes(k)));
  const {
    functions: _f,
    args: _a,
    opts: _o,
    arrays: _r,
    aliases: _l,
    dash: _d,
    argv0: _z,
    traceDepth: _t,
    hashed: _h,
    lastJob: _j,
    jobStatus: _s,
    sleeping: _z2,
    ...rest
  } = parent;
  const opts = { ...(s.errexit ? { errexit: true } : {}), ...(s.xtrace ? { xtrace: true } : {}) };
  return {
    ...rest,
    shell: s.dialect === "bash" ? "bash-c" : "sh",
    vars,
    args: s.args,
    argv0: s.name,
    ...(s.dialect === "dash" ? { dash: true } : {}),
    ...(Object.keys(opts).length > 0 ? { opts } : {}),
  };
}

/**
 * The child shell names itself in its errors as `bash: line 1: ` (bash -c) or `sh: `;
 * read from a file, it names the file and the line instead. A nested `bash -c` in the
 * script would be renamed too; scripts that learners write rarely nest one.
 */
export function renameErrors(
  dialect: Dialect,
  name: string,
  line: number,
  stdin = false,
  /** The command's source, when it spans lines: an error names the line it came from. */
  src?: string,
): (text: string) => string {
  // busybox ash reading its stdin words errors as it does for `-c`, without a line.
  if (stdin && dialect === "ash") return (text) => text;
  const own = dialect === "bash" ? /^bash: line 1: (.*)$/gm : /^sh: (?:1: )?(.*)$/gm;
  const lines = src?.split("\n") ?? [];
  return (text) =>
    text.replace(own, (_all, rest: string) => {
      const at = line + lineOf(lines, rest);
      // A busybox builtin's own error carries the line after its name (`cd: line 0: can't cd to`).
      const builtin = dialect === "ash" ? /^([\w.]+): line 0: (.*)$/.exec(rest) : null;
      if (builtin) return `${name}: ${builtin[1]}: line ${at}: ${builtin[2]}`;
      return `${dialect === "dash" ? `${name}: ${at}: ` : `${name}: line ${at}: `}${rest}`;
    });
}

/** Words before a command on its line (`do nosuch`, `then cd /x`, `{ f; }`). */
const LEADING = /^(?:\s|do\b|then\b|else\b|if\b|while\b|until\b|\{|!|;|&&|\|\|)*/;

/**
 * Which line of a command spread over lines an error came from (0 for its first): the
 * first line that starts a command the error names (`nosuch$i` for `nosuch2: not found`).
 * The lab runs a compound command's body as one text, without the lines bash counts.
 */
function lineOf(lines: readonly string[], error: string): number {
  if (lines.length < 2) return 0;
  const subject = /^([^\s:]+):/.exec(error)?.[1];
  if (subject === undefined) return 0;
  for (let i = 1; i < lines.length; i++) {
    const word = /^\S+/.exec(lines[i]!.replace(LEADING, ""))?.[0];
    if (word === undefined) continue;
    const pattern = word.replace(/[.*+?^()|[\]\\]/g, "\\$&").replace(/\$\{?\w+\}?/g, ".*");
    if (new RegExp(`^${pattern}$`).test(subject)) return i;
  }
  return 0;
}

/** Complete commands of the file, each with the line it starts on. */
export function scriptCommands(text: string): { readonly src: string; readonly line: number }[] {
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  const out: { src: string; line: number }[] = [];
  let start = 0;
  let acc: string[] = [];
  for (let i = 0; i < lines.length && out.length < LIMITS.maxScriptCommands; i++) {
    if (acc.length === 0) start = i;
    acc.push(lines[i]!);
    const src = acc.join("\n");
    if (needsMoreInput(src) && i < lines.length - 1) continue;
    // Blank lines and comments run nothing; a first line `#!…` is a comment too.
    if ((src.trim() !== "" && !/^\s*#/.test(src)) || acc.length > 1) out.push({ src, line: start + 1 });
    acc = [];
  }
  return out;
}

/** Runs the file in a child shell; the result carries no session, since the parent's stays as it was. */
export function runScript(world: World, parent: Session, s: Script, run: CommandContext["runLine"]): CommandResult {
  let w = world;
  let session = scriptSession(parent, s);
  let stdout = "";
  let stderr = "";
  const output: OutputChunk[] = [];
  const events: TraceEvent[] = [];
  let exitCode = 0;
  for (const cmd of scriptCommands(s.text)) {
    const parsed = parseScript(cmd.src, s.dialect === "bash" ? "bash-c" : "sh", s.dialect === "dash");
    if (!parsed.ok && parsed.exitCode === 2) {
      const text = syntaxError(s, cmd, parsed.stderr);
      output.push({ stream: "stderr", text });
      stderr += text;
      exitCode = 2;
      break;
    }
    const r = run(w, { ...session, lineno: cmd.line }, cmd.src, exitCode);
    const rename = renameErrors(s.dialect, s.name, cmd.line, s.stdin, cmd.src);
    w = r.world;
    if (r.session) session = r.session;
    const chunks = r.output ?? [
      { stream: "stdout" as const, text: r.stdout },
      { stream: "stderr" as const, text: r.stderr },
    ];
    for (const c of chunks) {
      if (c.text === "") continue;
      const text = c.stream === "stderr" ? rename(c.text) : c.text;
      output.push({ stream: c.stream, text });
      if (c.stream === "stdout") stdout += text;
      else stderr += text;
    }
    events.push(...(r.events ?? []));
    exitCode = r.exitCode;
    if (r.exited) break;
  }
  return endShell({ world: w, stdout, stderr, exitCode, events, output }, session, run);
}

/** The directories the lab's programs live in, for a program named by its path (`/usr/sbin/iptables`). */
const BIN_DIRS = ["/bin", "/usr/bin", "/sbin", "/usr/sbin", "/usr/local/bin", "/usr/local/sbin"];

/** What a name with a slash stands for: a file the shell reads as a script, a program, or an error already worded. */
export type PathTarget =
  | { readonly kind: "script"; readonly script: Script }
  | { readonly kind: "program"; readonly name: string }
  | { readonly kind: "error"; readonly stderr: string; readonly exitCode: number };

/**
 * `./run.sh`, `/tmp/run.sh`, `/usr/bin/curl`: the kernel execs the file. A script needs a
 * mode with x; without `#!` the shell that asked runs it itself (bash with bash, dash
 * with dash, ash with ash), with `#!/bin/sh` the machine's sh, with `#!/bin/bash` bash.
 * The lab keeps no program binaries on disk, so a path into a bin directory names the
 * program installed there.
 */
export function pathTarget(
  view: FsView,
  name: string,
  args: readonly string[],
  here: Dialect,
  sh: Dialect,
  installed: (program: string) => boolean,
): PathTarget {
  const found = lookup(view, absolutePath(view, name));
  if ("error" in found) {
    const dir = name.slice(0, name.lastIndexOf("/")) || "/";
    const base = name.slice(name.lastIndexOf("/") + 1);
    if (BIN_DIRS.includes(dir) && installed(base)) return { kind: "program", name: base };
    return {
      kind: "error",
      stderr: `${name}: ${here === "bash" ? "No such file or directory" : "not found"}\n`,
      exitCode: 127,
    };
  }
  const node = found.node;
  if (node.stat.type === "dir")
    return {
      kind: "error",
      stderr: `${name}: ${here === "bash" ? "Is a directory" : "Permission denied"}\n`,
      exitCode: 126,
    };
  if (!(node.stat.mode & 0o111)) return { kind: "error", stderr: `${name}: Permission denied\n`, exitCode: 126 };
  const read = node.read?.() ?? { text: "" };
  const text = "text" in read ? read.text : "";
  const bang = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(text);
  const interp = bang ? (bang[1]!.endsWith("/env") ? (bang[2] ?? "") : bang[1]!).replace(/^.*\//, "") : undefined;
  const dialect: Dialect = interp === undefined ? here : interp === "bash" ? "bash" : interp === "sh" ? sh : here;
  return { kind: "script", script: { name, text, args, dialect } };
}

/**
 * `. FILE` and `source FILE`: the file's commands run in this shell, so what they set stays
 * (`. ./env.sh` before using its variables). Its errors name the file as the shell does:
 * bash `env.sh: line 2: `, dash `sh: 2: env.sh: `, ash `sh: env.sh: line 2: `.
 */
export function runSourced(
  world: World,
  session: Session,
  file: { readonly name: string; readonly text: string; readonly args: readonly string[] },
  dialect: Dialect,
  run: (world: World, session: Session, src: string, status: number) => CommandResult,
  stopped: () => boolean,
): CommandResult {
  let w = world;
  // Arguments after the file are its positional parameters while it runs.
  let current: Session = file.args.length > 0 ? { ...session, args: file.args } : session;
  let stdout = "";
  let stderr = "";
  const output: OutputChunk[] = [];
  const events: TraceEvent[] = [];
  let exitCode = 0;
  const shellName = session.argv0 ?? "sh";
  for (const cmd of scriptCommands(file.text)) {
    const r = run(w, current, cmd.src, exitCode);
    w = r.world;
    if (r.session) current = r.session;
    const to =
      dialect === "bash"
        ? `${file.name}: line ${cmd.line}: `
        : dialect === "dash"
          ? `${shellName}: ${cmd.line}: ${file.name}: `
          : `sh: ${file.name}: line ${cmd.line}: `;
    const own = dialect === "bash" ? /^bash: line 1: /gm : /^sh: (?:1: )?/gm;
    for (const c of r.output ?? [
      { stream: "stdout" as const, text: r.stdout },
      { stream: "stderr" as const, text: r.stderr },
    ]) {
      if (c.text === "") continue;
      const text = c.stream === "stderr" ? c.text.replace(own, to) : c.text;
      output.push({ stream: c.stream, text });
      if (c.stream === "stdout") stdout += text;
      else stderr += text;
    }
    events.push(...(r.events ?? []));
    exitCode = r.exitCode;
    if (stopped()) break;
  }
  const after: Session = file.args.length > 0 ? { ...current, args: session.args ?? [] } : current;
  return { world: w, stdout, stderr, exitCode, events, output, session: after };
}

/** A shell ends: its EXIT trap runs after the rest, and the status stays the shell's unless the trap exits. */
export function endShell(
  r: CommandResult,
  session: Session | undefined,
  run: CommandContext["runLine"],
): CommandResult {
  const action = session?.traps?.EXIT;
  if (action === undefined || session === undefined) return r;
  const t = run(r.world, { ...session, traps: {} }, action, r.exitCode);
  const chunks = (x: CommandResult): OutputChunk[] => [
    ...(x.output ?? [
      { stream: "stdout" as const, text: x.stdout },
      { stream: "stderr" as const, text: x.stderr },
    ]),
  ];
  return {
    ...r,
    world: t.world,
    stdout: r.stdout + t.stdout,
    stderr: r.stderr + t.stderr,
    output: [...chunks(r), ...chunks(t)].filter((c) => c.text !== ""),
    events: [...(r.events ?? []), ...(t.events ?? [])],
    exitCode: t.exited ? t.exitCode : r.exitCode,
  };
}

/**
 * A command of the file that does not parse: the shell says so, naming the file and
 * the line, and reads no further (status 2). bash counts an unfinished command's end
 * of file on the line after the last; dash words its messages its own way.
 */
export function syntaxError(
  s: Pick<Script, "name" | "dialect">,
  cmd: { src: string; line: number },
  text: string,
): string {
  const first = text.split("\n")[0] ?? "";
  const rest = first.replace(/^(?:bash: -c: line \d+: |bash: line \d+: |bash: |sh: (?:\d+: )?)/, "");
  const lines = cmd.src.split("\n").length;
  const eof = /unexpected end of file/.test(rest);
  const quote = /unexpected EOF while looking for matching/.test(rest);
  const within = Number(/^bash: -c: line (\d+): /.exec(first)?.[1] ?? "1");
  const at = eof ? cmd.line + lines : quote ? cmd.line : cmd.line + Math.min(within, lines) - 1;
  if (s.dialect === "dash") {
    if (rest.startsWith("Syntax error: ")) return `${s.name}: ${at}: ${rest}\n`;
    const near = /^syntax error: unexpected (?:"(.*)"|word)/.exec(rest);
    const expecting = /\(expecting "(.*)"\)/.exec(rest)?.[1];
    const says = quote
      ? "Unterminated quoted string"
      : eof
        ? `end of file unexpected${expecting ? ` (expecting "${expecting}")` : ""}`
        : near
          ? `"${near[1] ?? "word"}" unexpected`
          : rest.replace(/^syntax error: /, "");
    return `${s.name}: ${quote ? cmd.line + lines : at}: Syntax error: ${says}\n`;
  }
  const shown = text
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => `${s.name}: line ${at}: ${l.replace(/^(?:bash: -c: line \d+: |bash: line \d+: |bash: |sh: )/, "")}\n`);
  return shown.join("");
}

/** A command named by a path (`./run.sh`, `/usr/sbin/iptables`), else undefined. */
export function byPath(
  world: World,
  session: Session,
  argv: readonly string[],
  where: Machine,
  shell: NonNullable<Session["shell"]>,
): PathTarget | undefined {
  const name = argv[0] ?? "";
  if (!name.includes("/")) return undefined;
  const installed = (p: string) => !["builtin", undefined].includes(providerOf(where, shell, p));
  return pathTarget(viewOf(world, session), name, argv.slice(1), dialectOf(shell, session), shOf(where), installed);
}
