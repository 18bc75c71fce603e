/**
 * A background job as the shell starts it: the job jobs.ts runs, shown as bash parsed
 * it (its redirections as typed), with its start-up output as a command's outcome.
 */
import type { CommandContext, OutputChunk, Session } from "./command.ts";
import { addJob, emit, interactive, newJob, nextJob, sinksOf, startCapture, type JobOutput } from "./jobs.ts";
import { openServerJob, serverJobOf } from "./server-jobs.ts";
import { commandText } from "./lib/command-text.ts";
import type { CommandOutcome } from "./output.ts";
import type { Redirect, SimpleCommand } from "./parse.ts";
import { resolvePath } from "./vars.ts";
import type { World } from "../world.ts";

/** A redirection as bash prints it back (print_redirection): `2> /dev/null`, `> cap`, `2>&1`. */
function redirectText(r: Redirect): string {
  const n = (fd: number, dflt: number) => (fd === dflt ? "" : String(fd));
  if (r.op === "dup" || r.op === "dupfd") return `${n(r.fd, 1)}>&${r.to}`;
  if (r.op === "close") return `${r.fd}>&-`;
  if (r.op === "ambiguous") return `${n(r.fd, 1)}>&${r.word}`;
  if (r.op === "open") return `${r.fd}${r.mode} ${r.path}`;
  if (r.op === "<<") return ""; // a here-document's body is not shown on the job's line
  return `${n(r.fd, r.op === "<" ? 0 : 1)}${r.op} ${r.path}`;
}

/**
 * `tcpdump … &` after its words were expanded: a job the world keeps (shell/jobs.ts),
 * its redirections' paths taken from the shell's directory; `rest`, the pipeline's
 * commands after it, if any.
 */
export function startJob(
  world: World,
  session: Session,
  argv: readonly string[],
  redirects: readonly Redirect[],
  runNested: CommandContext["runLine"],
  rest: readonly SimpleCommand[] = [],
): CommandOutcome {
  const abs = redirects.map((r) =>
    "path" in r && r.path !== "" ? { ...r, path: resolvePath(world, session, r.path) } : r,
  );
  const ctx = { world, session, stdin: "", runLine: runNested };
  const server = serverJobOf(argv, session);
  const started = server ? startServer(argv, abs, ctx, rest, server) : startCapture(argv, abs, ctx, rest);
  // bash shows a job as it parsed it, redirections as typed included (`2> /dev/null`).
  const all = started.world.captures ?? [];
  const mine = all[all.length - 1];
  const shown = [[argv, redirects] as const, ...rest.map((c) => [c.argv, c.redirects ?? []] as const)]
    .map(([words, redirs]) => [commandText(words), ...redirs.map(redirectText)].filter(Boolean).join(" "))
    .join(" | ");
  const r: JobOutput = mine
    ? { ...started, world: { ...started.world, captures: [...all.slice(0, -1), { ...mine, jobText: shown }] } }
    : started;
  const chunks = [...r.chunks];
  const text = (stream: "stdout" | "stderr") =>
    chunks
      .filter((c) => c.stream === stream)
      .map((c) => c.text)
      .join("");
  return { world: r.world, stdout: text("stdout"), stderr: text("stderr"), chunks, exitCode: r.exitCode, events: [] };
}

/**
 * `busybox httpd -f … &`: a job whose process listens until a signal ends it; one that
 * cannot bind ends at once, its words where its stderr points.
 */
function startServer(
  argv: readonly string[],
  redirects: readonly Redirect[],
  ctx: CommandContext,
  rest: readonly SimpleCommand[],
  server: NonNullable<ReturnType<typeof serverJobOf>>,
): JobOutput {
  const machine = ctx.session.machine;
  const job = nextJob(ctx.world);
  const pid = ctx.world.nextPid;
  const [opened, out, err] = sinksOf({ ...ctx.world, nextPid: pid + 1 }, machine, redirects, rest.length > 0);
  const chunks: OutputChunk[] = [];
  if (interactive(ctx.session)) chunks.push({ stream: "stderr", text: `[${job}] ${pid}\n` });
  const base = newJob(job, pid, machine, argv, rest, out, err, ctx);
  const open = openServerJob(opened, ctx.session, server, pid);
  if ("stderr" in open) {
    const w = emit(opened, machine, err, open.stderr, chunks, []);
    return addJob(w, { ...base, ended: "Exit 1" }, chunks);
  }
  return addJob(open.world, { ...base, startedAt: ctx.world.clock, serves: true }, chunks);
}
