/**
 * One simple command as bash's execute_simple_command runs it: its words expanded (a
 * command substitution runs a nested shell), assignments taken, then redirections
 * applied as bash applies them — files opened (and truncated) before the command runs,
 * a failed open skipping it, `2>&1` pointing stderr wherever stdout goes now — and the
 * command found and run: a builtin, a function, a compound command's body or a program.
 * The lists those run go back through run.ts, which injects its runners here: run.ts
 * imports this file, so importing it back would make a cycle.
 */
import { LIMITS } from "../limits.ts";
import { nextInt } from "../rng.ts";
import type { TraceEvent } from "../trace/events.ts";
import type { World } from "../world.ts";
import type { CommandContext, CommandResult, OutputChunk, Session } from "./command.ts";
import { errorPrefix, machineOf, notFoundText, providerOf, shellOf, type Machine } from "./machine.ts";
import { expandWord, expandWords, type ExpandEnv } from "./expand.ts";
import { setOptionOn, shoptOn } from "./lib/shell-options.ts";
import { LAST_STATUS, type Redirect, type SimpleCommand } from "./parse.ts";
import { callFunction, runCompound, shellExit, type Cursor } from "./control.ts";
import { restoreLocals, runShellBuiltin, SHELL_BUILTINS } from "./shell-builtins.ts";
import { substitutionSession, traceLine, tracePrefix } from "./xtrace.ts";
import { arithStep, assignmentFailed, caseArm, expansionFailed, letBuiltin, runTestForm } from "./run-forms.ts";
import { openRedirects } from "./open-redirects.ts";
import { commandSession, endCommandFds, keepRedirections, withSockets } from "./fd-table.ts";
import type { Shell } from "./redirect.ts";
import { failed, redirectionsOnly, routeOutput, type CommandOutcome } from "./output.ts";
import { findCommand } from "./registry.ts";
import { startJob } from "./job-start.ts";
import { glob, viewOf } from "./lib/vfs.ts";
import { bashVersinfo, isReadonly, lookupVar, readonlyText, restoreAssigned, setVar } from "./vars.ts";
import { arrayOf, assignArray, assignedValue, assignElements, assocOf, elementOf } from "./arrays.ts";
import { aliasLine, withAlias } from "./alias.ts";
import { byPath, runScript } from "./script.ts";
import { sourceFile, unboundWords } from "./source-file.ts";

/** run.ts's runGuarded: a list run by a shell already counted in the nesting depth. */
export type ListRunner = (
  world: World,
  session: Session,
  line: string,
  top: boolean,
  input?: Cursor,
  status?: number,
) => CommandResult;

const notLoaded = (): never => {
  throw new Error("run-simple.ts: run.ts has not injected its runners");
};
let runNested: CommandContext["runLine"] = notLoaded;
let runGuarded: ListRunner = notLoaded;

export function setListRunners(nested: CommandContext["runLine"], guarded: ListRunner): void {
  runNested = nested;
  runGuarded = guarded;
}

function expand(word: string, lastStatus: number): string {
  return word.includes(LAST_STATUS) ? word.split(LAST_STATUS).join(String(lastStatus)) : word;
}

/** Command substitutions running now: their output goes to the shell, not to a terminal. */
let substituting = 0;

export function runSimple(
  world: World,
  session: Session,
  cmd: SimpleCommand,
  pipeIn: string,
  lastStatus: number,
  procs?: CommandContext["procs"],
  last = true,
  /** Set for a job the lab keeps (`tcpdump … &`): the rest of its pipeline, if any. */
  background?: readonly SimpleCommand[],
  cursor?: Cursor,
): CommandOutcome {
  const where = machineOf(world, session);
  const shell: Shell = shellOf(session, where);
  let w = world;
  const pre: OutputChunk[] = [];
  const preEvents: TraceEvent[] = [];
  let substStatus: number | undefined;
  let sess = session;
  const pipes: Record<number, string> = {};
  // `$RANDOM` draws from the world's seeded source (0–32767, as bash's and ash's), so a replay repeats it.
  const random = () => {
    const [n, rng] = nextInt(w.rng, 0, 32767);
    w = { ...w, rng };
    return String(n);
  };
  // bash's shopt options that change pathname expansion; busybox ash and dash have none.
  const bashOpt = (name: string) => shell !== "sh" && shoptOn(session, name);
  const env: ExpandEnv = {
    lookup: (name) =>
      name === "?"
        ? String(lastStatus)
        : name === "RANDOM" && !sess.vars?.RANDOM && !sess.dash
          ? random()
          : name === "PIPESTATUS" && shell !== "sh" && !sess.arrays?.PIPESTATUS
            ? String(lastStatus)
            : (lookupVar(w, sess, name) ??
              elementOf(sess, name, 0) ??
              // The line a script file's command starts on; a `-c` string's is 1.
              (name === "LINENO" ? String(sess.lineno ?? 1) : undefined)),
    array: (name) =>
      name === "BASH_VERSINFO" && shell !== "sh" && !sess.arrays?.[name] ? bashVersinfo() : arrayOf(sess, name),
    assoc: (name) => assocOf(sess, name),
    setArray: (name, values) => {
      sess = assignArray(sess, name, values, false);
    },
    assign: (name, value) => {
      const r = setVar(sess, name, value);
      if (r.ok) sess = r.session;
    },
    substitute: (src) => {
      // A subshell: what it changes in the world stays, its directory and variables do not.
      substituting++;
      let r: CommandResult;
      try {
        r = runNested(w, substitutionSession(sess), src);
      } finally {
        substituting--;
      }
      w = r.world;
      substStatus = r.exitCode;
      preEvents.push(...(r.events ?? []));
      const errs = (r.output ?? [{ stream: "stderr" as const, text: r.stderr }]).filter((c) => c.stream === "stderr");
      pre.push(...errs.filter((c) => c.text !== ""));
      return r.stdout;
    },
    // bash hands each `<(…)` to the command as a pipe, numbered down from 63.
    psub: (src) => {
      const fd = 63 - Object.keys(pipes).length;
      pipes[fd] = env.substitute(src);
      return `/dev/fd/${fd}`;
    },
    home: lookupVar(world, session, "HOME") ?? "/root",
    prefix: errorPrefix(shell),
    ...(session.opts?.nounset ? { unbound: unboundWords(shell, session) } : {}),
    positional: () => sess.args ?? [],
    braces: shell !== "sh" && setOptionOn(session, "braceexpand"),
    ...(shell === "sh" && session.dash ? { dash: true } : {}),
    ...(shell !== "sh" && session.argv0 !== undefined ? { scriptFile: true } : {}),
    ...(setOptionOn(session, "noglob")
      ? {}
      : { glob: (pattern: string) => glob(viewOf(w, sess), pattern, LIMITS.maxWords, bashOpt("dotglob")) }),
    noMatch: bashOpt("nullglob") ? "drop" : bashOpt("failglob") ? "fail" : "keep",
  };
  const argv = cmd.words ? expandWords(cmd.words, env) : cmd.argv.map((a) => expand(a, lastStatus));
  const redirects: Redirect[] = (cmd.redirects ?? []).map((r) =>
    "path" in r && r.fd === 0 && r.word?.length === 1 && r.word[0]!.k === "psub"
      ? { fd: 0, op: "<<", text: env.substitute(r.word[0]!.src) }
      : "path" in r
        ? { ...r, path: r.word ? expandWord(r.word, env) : expand(r.path, lastStatus) }
        : r.op === "<<" && r.word
          ? { fd: 0, op: "<<", text: expandWord(r.word, env) }
          : r,
  );
  const withPre = (o: CommandOutcome): CommandOutcome =>
    pre.length === 0 && preEvents.length === 0
      ? o
      : {
          ...o,
          stderr: pre.map((c) => c.text).join("") + o.stderr,
          chunks: [...pre, ...o.chunks],
          events: [...preEvents, ...o.events],
        };
  // Assignments take effect left to right, each before the next is expanded (`x=5 y=$((x+1))`,
  // `IFS=: arr=($(…))`): alone, in the shell; before a command, in the command's own exported
  // environment. Arrays and `NAME[i]=` set the shell's variables (bash takes them only alone).
  const assigned: [string, string][] = [];
  for (const a of cmd.assigns ?? []) {
    if (a.array || a.index !== undefined) {
      // An element of a read-only array is as frozen as the array.
      if (isReadonly(sess, a.name))
        return withPre(assignmentFailed(w, { error: readonlyText(sess, a.name, shell), readonly: true }, shell));
      sess = assignElements(sess, a, env);
      if (sess.opts?.xtrace && a.arrayText !== undefined)
        pre.push({ stream: "stderr", text: `${tracePrefix(sess)}${a.name}${a.append ? "+" : ""}=(${a.arrayText})\n` });
      continue;
    }
    const value = assignedValue(a, sess, env);
    assigned.push([a.name, value]);
    const r = setVar(sess, a.name, value, argv.length > 0 || (sess.exported ?? []).includes(a.name), shell);
    if (r.ok) sess = r.session;
    else if (argv.length === 0) return withPre(assignmentFailed(w, r, shell));
    // bash says a read-only name cannot change and runs the command with the value it has.
    else if (r.readonly) pre.push({ stream: "stderr", text: r.error });
    else return withPre(failed(w, r.error));
  }
  if (env.error) return withPre(expansionFailed(w, env));
  if (argv.length === 0 && assigned.length === 0 && sess !== session && !cmd.compound) {
    const o = runSimple(w, sess, { argv: [], ...(cmd.redirects ? { redirects } : {}) }, pipeIn, lastStatus);
    return withPre({ ...o, session: o.session ?? sess });
  }
  if (argv.length === 0 && assigned.length > 0) {
    // Assignments alone set the shell's variables; the status is the last substitution's.
    const next = sess;
    const o = runSimple(w, next, { argv: [], ...(cmd.redirects ? { redirects } : {}) }, pipeIn, lastStatus);
    const trace = next.opts?.xtrace ? traceLine(next, [], assigned) : "";
    const traced = trace
      ? { ...o, stderr: trace + o.stderr, chunks: [{ stream: "stderr" as const, text: trace }, ...o.chunks] }
      : o;
    return withPre({ ...traced, exitCode: o.exitCode || (substStatus ?? 0), session: o.session ?? next });
  }
  if (background) return withPre(startJob(w, sess, argv, redirects, runNested, background));
  const node = cmd.compound;
  if (node?.kind === "arith" || node?.kind === "cond")
    return withPre(runTestForm(node, env, w, () => sess, session, shell));
  // `for NAME; do`: the words are "$@".
  let items =
    node?.kind === "for" ? (node.words ? expandWords(node.words, env) : [...(env.positional?.() ?? [])]) : undefined;
  if (node?.kind === "case") {
    const subject = expandWord(node.subject, env);
    items = [String(caseArm(node, subject, env))];
  }
  if (env.error) return withPre(expansionFailed(w, env));
  const loop = cmd.compound ? { node: cmd.compound, items, status: lastStatus } : undefined;
  const trace = !sess.opts?.xtrace
    ? ""
    : node?.kind === "case"
      ? `${tracePrefix(sess)}case ${node.typed} in\n`
      : !cmd.compound && argv.length > 0
        ? traceLine(sess, argv, assigned)
        : "";
  const piped = Object.keys(pipes).length > 0;
  // A declaration builtin's arrays: set after it made a name local or associative, before readonly/export freeze it.
  const arrays = (s: Session) => (cmd.declArrays ?? []).reduce((acc, a) => assignElements(acc, a, env), s);
  const before = cmd.declArrays && (argv[0] === "readonly" || argv[0] === "export");
  if (before) sess = arrays(sess);
  const ran1 = runCommand(
    w,
    piped ? { ...sess, pipes } : sess,
    argv,
    redirects,
    pipeIn,
    where,
    shell,
    procs,
    last,
    cursor,
    loop,
    lastStatus,
  );
  const ran0 =
    cmd.declArrays && !before && ran1.exitCode === 0 ? { ...ran1, session: arrays(ran1.session ?? sess) } : ran1;
  // The pipes close with the command that read them.
  const ran = piped && ran0.session ? { ...ran0, session: withoutPipes(ran0.session) } : ran0;
  const o = trace
    ? { ...ran, stderr: trace + ran.stderr, chunks: [{ stream: "stderr" as const, text: trace }, ...ran.chunks] }
    : ran;
  // `NAME=value cmd`: what the command set stays (`IFS= read line`), the names given for it alone go back.
  const names = assigned.map(([n]) => n);
  const changed = o.session ?? (sess !== session && assigned.length === 0 ? sess : undefined);
  const back =
    changed && assigned.length > 0
      ? { ...o, session: restoreAssigned(changed, session, names) }
      : changed
        ? { ...o, session: changed }
        : o;
  return withPre(back);
}

function runCommand(
  world: World,
  session: Session,
  argvIn: readonly string[],
  redirects: readonly Redirect[],
  pipeIn: string,
  where: Machine,
  shell: Shell,
  procs?: CommandContext["procs"],
  last = true,
  cursor?: Cursor,
  loop?: { node: NonNullable<SimpleCommand["compound"]>; items: readonly string[] | undefined; status: number },
  lastStatus = 0,
): CommandOutcome {
  let argv = argvIn;
  const builtinExec = !loop && argv[0] === "exec" && providerOf(where, shell, "exec") === "builtin";
  const opened = openRedirects(world, session, where, shell, redirects, pipeIn);
  // A special builtin's failed redirection ends a POSIX sh; bash carries on.
  if ("failed" in opened && builtinExec && shell === "sh") shellExit(opened.failed.exitCode);
  if ("failed" in opened) return opened.failed;
  let w = opened.world;
  const { stdin, stdinFile, redirected, sinks } = opened;
  if (argv.length === 0 && !loop) return redirectionsOnly(w, sinks, session, shell, opened);
  // `exec` with redirections alone makes them the shell's own; `exec CMD` runs CMD in the
  // shell's place, so nothing after it in the list runs.
  if (builtinExec && argv.length === 1) return keepRedirections(w, session, opened);
  const own = commandSession(session, opened.fds);
  if (builtinExec) argv = argv.slice(1);

  const target = !loop && !session.functions?.[argv[0] ?? ""] ? byPath(w, session, argv, where, shell) : undefined;
  if (target?.kind === "program") argv = [target.name, ...argv.slice(1)];
  const name = argv[0] ?? "";
  // What is installed decides (machines/); a program installed but not modelled answers as a missing one.
  const impl = !loop && providerOf(where, shell, name) !== undefined ? findCommand(name) : undefined;
  let result: CommandResult;
  if (loop) {
    // The compound command reads the stdin it was given, or the one its list shares.
    const input: Cursor = !redirected && cursor ? cursor : { text: stdin, pos: 0 };
    const list = (lw: World, ls: Session, src: string, inp: Cursor | undefined, st: number) =>
      runGuarded(lw, ls, src, false, inp, st);
    const notValid = (n: string) =>
      shell === "sh"
        ? `sh: ${n}: bad variable name\n`
        : `bash: ${shell === "bash-c" ? "line 1: " : ""}\`${n}': not a valid identifier\n`;
    result = runCompound(loop.node, loop.items, w, own, input, loop.status, list, notValid, (aw, as, src) =>
      arithStep(aw, as, src, "((: "),
    );
  } else if (session.functions && Object.hasOwn(session.functions, name)) {
    const input: Cursor = !redirected && cursor ? cursor : { text: stdin, pos: 0 };
    const list = (lw: World, ls: Session, src: string, inp: Cursor | undefined, st: number) =>
      runGuarded(lw, ls, src, false, inp, st);
    result = callFunction(
      name,
      session.functions[name]!,
      argv.slice(1),
      w,
      session,
      input,
      lastStatus,
      list,
      (s, saved) => restoreLocals(w, s, saved),
    );
  } else if (!loop && aliasLine(session, shell, argv) !== undefined) {
    const input: Cursor = !redirected && cursor ? cursor : { text: stdin, pos: 0 };
    const line = aliasLine(session, shell, argv)!;
    result = withAlias(name, () => runGuarded(w, session, line, false, input, lastStatus));
  } else if (name === "eval" && providerOf(where, shell, name) === "builtin") {
    const input: Cursor = !redirected && cursor ? cursor : { text: stdin, pos: 0 };
    result = runGuarded(w, session, argv.slice(1).join(" "), false, input, lastStatus);
  } else if (name === "let" && providerOf(where, shell, name) === "builtin") {
    result = letBuiltin(argv, w, session, shell);
  } else if (SHELL_BUILTINS.has(name) && providerOf(where, shell, name) === "builtin") {
    result = runShellBuiltin(argv, w, session, shell, lastStatus);
  } else if ((name === "." || name === "source") && providerOf(where, shell, name) === "builtin" && !session.dash) {
    result = sourceFile(w, session, argv, shell, (lw, ls, src, st) => runGuarded(lw, ls, src, false, cursor, st));
  } else if (name === "source" && session.dash) {
    result = { world: w, stdout: "", stderr: notFoundText(shell, name), exitCode: 127 };
  } else if (target?.kind === "error") {
    result = { world: w, stdout: "", stderr: errorPrefix(shell) + target.stderr, exitCode: target.exitCode };
  } else if (target?.kind === "script") {
    result = runScript(w, session, target.script, runNested);
  } else if (!impl) {
    result = { world: w, stdout: "", stderr: notFoundText(shell, name), exitCode: 127 };
  } else {
    const out = sinks[1];
    result = impl(argv, {
      world: w,
      session: own,
      stdin,
      runLine: runNested,
      ...(out.kind === "file" ? { stdoutFile: { path: out.path, append: out.append } } : {}),
      stdoutTty: out.kind === "stdout" && last && substituting === 0 && !session.noTty,
      ...(stdinFile !== undefined ? { stdinFile } : {}),
      ...(opened.stdinError !== undefined ? { stdinError: opened.stdinError } : {}),
      ...(procs ? { procs } : {}),
    });
    if (result.consumed !== undefined && cursor && !redirected) cursor.pos += result.consumed;
  }
  const routed = routeOutput(result, sinks, {
    session,
    name,
    shell,
    stdoutTty: sinks[1].kind === "stdout" && last && substituting === 0 && !session.noTty,
    tcp: opened.tcp,
  });
  w = routed.world;
  const { stdout, stderr, chunks, exitCode } = routed;
  const fdsEnd = endCommandFds(
    w,
    session,
    opened,
    routed.sockets ? withSockets(result.session ?? own, routed.sockets) : result.session,
    result,
  );
  const after = fdsEnd.session;
  w = fdsEnd.world;
  if (builtinExec) shellExit(exitCode);
  return {
    world: w,
    stdout,
    stderr,
    chunks,
    exitCode,
    events:
      opened.events.length > 0 || routed.events || fdsEnd.events.length > 0
        ? [...opened.events, ...(result.events ?? []), ...(routed.events ?? []), ...fdsEnd.events]
        : (result.events ?? []),
    ...(after ? { session: after } : {}),
    ...(result.blocked ? { blocked: true } : {}),
    ...(result.signal !== undefined ? { signal: result.signal } : {}),
  };
}

function withoutPipes(session: Session): Session {
  const { pipes: _, ...rest } = session;
  return rest;
}
