import { fail, ok, type Command, type CommandContext, type Session } from "../../command.ts";
import { readPath, viewOf } from "../../lib/vfs.ts";
import { machineOf } from "../../machine.ts";
import { parseScript } from "../../parse.ts";
import { endShell, renameErrors, runScript, scriptCommands, shOf, syntaxError, type Dialect } from "../../script.ts";

/**
 * `bash -c LINE`, `sh -c LINE`, and `bash FILE ARGS…`, `sh FILE ARGS…`: the line or the
 * file runs in a child shell, whose error messages carry its own name (or the file's).
 * With neither, an interactive shell would start; the lab's terminal already is one, so
 * nothing changes.
 */
function shellCommand(kind: "bash" | "sh"): Command {
  return (argv, ctx) => {
    const flags = new Set<string>();
    let i = 1;
    for (; i < argv.length; i++) {
      const a = argv[i]!;
      if (a === "--") {
        i++;
        break;
      }
      if (/^--[a-z-]+$/.test(a)) continue;
      if (!/^[-+][a-z]+$/.test(a)) break;
      if (a[0] === "-") for (const f of a.slice(1)) flags.add(f);
    }
    const dialect = dialectOf(kind, ctx);
    if (flags.has("c")) return runDashC(kind, dialect, argv, i, ctx, flags);
    const file = argv[i];
    // No file: a shell fed by a pipe or a file reads its commands there (`sh < run.sh`),
    // naming itself in its errors; on a terminal it would be interactive, as the lab's already is.
    if (file === undefined) {
      if (ctx.stdin === "" || flags.has("n")) return ok(ctx.world);
      const script = {
        name: kind,
        text: ctx.stdin,
        args: [],
        dialect,
        stdin: true,
        errexit: flags.has("e"),
        xtrace: flags.has("x"),
      };
      return runScript(ctx.world, ctx.session, script, ctx.runLine);
    }
    const read = readPath(viewOf(ctx.world, ctx.session), file);
    if ("errno" in read) return cannotOpen(dialect, file, read.errno, ctx);
    const name = file;
    if (flags.has("n")) {
      for (const cmd of scriptCommands(read.text)) {
        const parsed = parseScript(cmd.src, kind === "bash" ? "bash-c" : "sh", dialect === "dash");
        if (!parsed.ok && parsed.exitCode === 2)
          return fail(ctx.world, syntaxError({ name, dialect }, cmd, parsed.stderr), 2);
      }
      return ok(ctx.world);
    }
    return runScript(
      ctx.world,
      ctx.session,
      { name, text: read.text, args: argv.slice(i + 1), dialect, errexit: flags.has("e"), xtrace: flags.has("x") },
      ctx.runLine,
    );
  };
}

/** Debian's host runs dash as sh, the images busybox ash. */
function dialectOf(kind: "bash" | "sh", ctx: CommandContext): Dialect {
  if (kind === "bash") return "bash";
  return shOf(machineOf(ctx.world, ctx.session));
}

function cannotOpen(dialect: Dialect, file: string, errno: string, ctx: CommandContext) {
  if (dialect === "bash") {
    const why =
      errno === "EISDIR" ? "Is a directory" : errno === "EACCES" ? "Permission denied" : "No such file or directory";
    return fail(ctx.world, `bash: ${file}: ${why}\n`, errno === "ENOENT" ? 127 : 126);
  }
  if (dialect === "dash") return fail(ctx.world, `sh: 0: cannot open ${file}: No such file\n`, 2);
  return fail(ctx.world, `sh: can't open '${file}': No such file or directory\n`, 2);
}

function runDashC(
  kind: "bash" | "sh",
  dialect: Dialect,
  argv: readonly string[],
  i: number,
  ctx: CommandContext,
  flags: ReadonlySet<string>,
) {
  const line = argv[i];
  if (line === undefined) {
    return fail(
      ctx.world,
      kind === "sh" ? "sh: -c requires an argument\n" : "bash: -c: option requires an argument\n",
      2,
    );
  }
  // A child shell inherits the environment: exported variables only, and the directory.
  const exported = ctx.session.exported ?? [];
  const vars = Object.fromEntries(Object.entries(ctx.session.vars ?? {}).filter(([k]) => exported.includes(k)));
  // Functions, positional parameters and `set` options are the parent shell's own.
  const { functions: _f, args: _a, opts: _o, argv0: _z, dash: _d, traceDepth: _t, ...own } = ctx.session;
  // A new shell: no jobs and an empty hash table of its own either.
  const { hashed: _h, lastJob: _j, jobStatus: _s, sleeping: _z2, ...parent } = own;
  // `bash -x -c`, `sh -e -c`: the options the child starts with.
  const opts = { ...(flags.has("e") ? { errexit: true } : {}), ...(flags.has("x") ? { xtrace: true } : {}) };
  const positional = argv.slice(i + 2);
  const child: Session = fillDefaults(
    {
      ...parent,
      shell: kind === "bash" ? "bash-c" : "sh",
      vars,
      ...(positional.length ? { args: positional } : {}),
      ...(dialect === "dash" ? { dash: true } : {}),
      ...(Object.keys(opts).length > 0 ? { opts } : {}),
    },
    kind,
  );
  const ran = ctx.runLine(ctx.world, child, line);
  const r = endShell(ran, ran.session, ctx.runLine);
  const { session: _nested, exited: _e, ...rest } = r;
  if (dialect !== "dash") return rest;
  // dash numbers the line even for -c: `sh: 1: x: not found`.
  const rename = renameErrors("dash", "sh", 1);
  return {
    ...rest,
    stderr: rename(rest.stderr),
    ...(rest.output
      ? { output: rest.output.map((c) => (c.stream === "stderr" ? { ...c, text: rename(c.text) } : c)) }
      : {}),
  };
}

/**
 * A shell started with no PATH in its environment (`env -i sh -c ...`) sets its own:
 * busybox ash exports its default with SHLVL and PWD; bash keeps its default unexported.
 */
function fillDefaults(s: Session, kind: "bash" | "sh"): Session {
  if (!(s.unset ?? []).includes("PATH") || Object.hasOwn(s.vars ?? {}, "PATH")) return s;
  const own: Record<string, string> = kind === "sh" ? { SHLVL: "1", PATH: SH_PATH, PWD: "/" } : { PATH: BASH_PATH };
  const vars = { ...s.vars, ...own };
  const exported = [...(s.exported ?? []), ...(kind === "sh" ? Object.keys(own) : [])];
  return { ...s, vars, exported };
}

const SH_PATH = "/sbin:/usr/sbin:/bin:/usr/bin";
const BASH_PATH = "/usr/local/bin:/usr/local/sbin:/usr/bin:/usr/sbin:/bin:/sbin:.";

export const bash = shellCommand("bash");

export const sh = shellCommand("sh");
