/**
 * A command's redirections opened in order, as bash opens them before the command
 * runs: `<` and `<<` give its stdin, `>`/`>>` open (and truncate) files, `N>&M` points
 * fd N wherever M goes now, and bash's own /dev/udp/HOST/PORT is a socket, not a
 * file. Descriptors above 2 come from the shell's table (`exec 3<>/dev/udp/…` keeps
 * one open for later commands) or from this command's own `3>`. A failed open is the
 * command's outcome: the command never runs.
 */
import type { World } from "../world.ts";
import type { Session } from "./command.ts";
import { errorPrefix, type Machine } from "./machine.ts";
import { failed, type CommandOutcome, type Sink } from "./output.ts";
import type { FdMode, Redirect } from "./parse.ts";
import { openError, openForWrite, readForInput, type Shell } from "./redirect.ts";
import { devTcpConnect, NEW_STREAM } from "../programs/dev-tcp.ts";
import { readableText, type Reading } from "./fd-table.ts";
import type { TcpConn } from "../kernel/stack/tcp.ts";
import type { TraceEvent } from "../trace/events.ts";

/** bash's UDP pseudo-device, with an IPv4 address (names and IPv6 are not modelled). */
const UDP_PATH = /^\/dev\/udp\/(\d{1,3}(?:\.\d{1,3}){3})\/(\d{1,5})$/;
/** bash's TCP pseudo-device, likewise. */
const TCP_PATH = /^\/dev\/tcp\/(\d{1,3}(?:\.\d{1,3}){3})\/(\d{1,5})$/;

export interface OpenedRedirects {
  readonly world: World;
  readonly stdin: string;
  /** The file `<` fed stdin from (absolute): cat refuses a file onto itself, docker sees no terminal. */
  readonly stdinFile: string | undefined;
  /** Whether stdin came from a redirection rather than the pipe or the script. */
  readonly redirected: boolean;
  readonly sinks: Record<1 | 2, Sink>;
  /** The descriptors above 2 after this command's redirections (`exec` keeps them as the shell's). */
  readonly fds: Readonly<Record<number, Sink>>;
  /** `/dev/tcp` sockets these redirections connected (they close when the command ends), and their packets. */
  readonly tcp: readonly TcpConn[];
  readonly events: readonly TraceEvent[];
  /** Stdin duplicated from a descriptor the shell keeps (`<&3`): the read moves its offset. */
  readonly reading?: Reading;
  /** The errno text stdin's first read gets (a UDP socket's pending ICMP error, which that read takes). */
  readonly stdinError?: string;
}

export function openRedirects(
  world: World,
  session: Session,
  where: Machine,
  shell: Shell,
  redirects: readonly Redirect[],
  pipeIn: string,
): OpenedRedirects | { readonly failed: CommandOutcome } {
  let w = world;
  let stdin = pipeIn;
  let redirected = false;
  let stdinFile: string | undefined;
  let reading: Reading | undefined;
  let stdinError: string | undefined;
  const sinks: Record<1 | 2, Sink> = { 1: { kind: "stdout" }, 2: { kind: "stderr" } };
  const fds: Record<number, Sink> = { ...session.fds };
  // dash ends a command whose redirection failed with status 2 (oracle ld03); bash and ash with 1.
  const refused = (at: World, stderr: string): CommandOutcome => ({
    ...failed(at, stderr),
    exitCode: session.dash ? 2 : 1,
  });
  const tcp: TcpConn[] = [];
  const events: TraceEvent[] = [];
  /** bash connects as it opens `/dev/tcp/HOST/PORT`; a failed connect() is the redirection's failure. */
  const connect = (path: string, kept = false): { conn: TcpConn } | { failed: CommandOutcome } => {
    const [, host = "", port = "0"] = TCP_PATH.exec(path)!;
    const r = devTcpConnect(w, session.machine, host, Number(port), session.deadline);
    w = r.world;
    events.push(...r.events);
    if ("conn" in r) {
      if (!kept) tcp.push(r.conn);
      return { conn: r.conn };
    }
    // Killed by `timeout` while connect() still waited: it says nothing.
    if (r.killed) return { failed: { ...failed(w, ""), chunks: [], events, blocked: true } };
    const stderr = `bash: connect: ${r.error}\n${errorPrefix(shell)}${path}: ${r.error}\n`;
    return { failed: { ...failed(w, stderr), events } };
  };
  const put = (fd: number, sink: Sink) => {
    if (fd === 1 || fd === 2) sinks[fd] = sink;
    else if (fd > 2) fds[fd] = sink;
  };
  for (const r of redirects) {
    if (r.op === "ambiguous") {
      if (shell === "sh") continue;
      return { failed: failed(w, `${errorPrefix(shell)}${r.word}: ambiguous redirect\n`) };
    }
    if (r.op === "dupfd" && r.fd === 0) {
      if (r.to === 0) continue;
      const from = fds[r.to];
      if (from === undefined && r.to > 2) return { failed: failed(w, badFd(shell, r.to)) };
      const readable = from ? readableText(w, session, shell, from) : undefined;
      stdin = readable ?? "";
      stdinFile = from?.kind === "in" ? from.path : undefined;
      redirected = true;
      reading = readable !== undefined ? { fd: r.to, text: readable } : undefined;
      // recvmsg() on a connected UDP socket reports (and clears) the ICMP error it holds, as send() would.
      stdinError = from?.kind === "udp" ? from.error : undefined;
      if (stdinError !== undefined) reading = { fd: r.to, text: "", takesError: true };
    } else if (r.op === "close" && r.fd === 0) {
      stdin = "";
      stdinFile = undefined;
      redirected = true;
      reading = undefined;
      stdinError = undefined;
    } else if (r.op === "dupfd") {
      const from = r.to === 1 || r.to === 2 ? sinks[r.to] : fds[r.to];
      if (from === undefined) return { failed: failed(w, badFd(shell, r.to)) };
      put(r.fd, from);
    } else if (r.op === "close") {
      delete fds[r.fd];
    } else if (r.op === "open" && r.fd > 2 && shell !== "sh" && TCP_PATH.test(r.path)) {
      // Not this command's to close: the descriptor is the shell's once exec keeps it.
      const c = connect(r.path, true);
      if ("failed" in c) return c;
      put(r.fd, { kind: "tcp", conn: c.conn, stream: NEW_STREAM });
    } else if (r.op === "open" && r.fd !== 0) {
      const opened = openFd(w, session, where, shell, r.fd, r.mode, r.path);
      if ("failed" in opened) return opened;
      w = opened.world;
      put(r.fd, opened.sink);
    } else if ((r.op === "<" || r.op === "open") && shell !== "sh" && TCP_PATH.test(r.path)) {
      const c = connect(r.path);
      if ("failed" in c) return c;
      stdin = "";
      stdinFile = undefined;
      redirected = true;
    } else if (r.op === "<" || r.op === "open") {
      const input = readForInput(w, session, shell, r.path);
      if ("error" in input) return { failed: refused(w, input.error) };
      stdin = input.text;
      stdinFile = input.path;
      redirected = true;
    } else if (r.op === "<<") {
      stdin = r.text;
      stdinFile = undefined;
      redirected = true;
    } else if (r.op === "dup") {
      sinks[r.fd] = sinks[r.to];
    } else if (shell !== "sh" && TCP_PATH.test(r.path)) {
      const c = connect(r.path);
      if ("failed" in c) return c;
      sinks[r.fd] = { kind: "tcp", conn: c.conn };
    } else if (shell !== "sh" && UDP_PATH.test(r.path)) {
      // bash opens /dev/udp/HOST/PORT itself (a connected socket): no file is involved.
      const [, host = "", port = "0"] = UDP_PATH.exec(r.path)!;
      sinks[r.fd] = { kind: "udp", host, port: Number(port) };
    } else {
      const opened = openForWrite(w, session, where, r.path, r.op === ">>");
      if (opened.error) {
        return { failed: refused(w, openError(shell, r.path, opened.error, session.dash)) };
      }
      w = opened.world;
      if (opened.path === "/dev/null") sinks[r.fd] = { kind: "null" };
      else if (opened.path === "/dev/stdout" || opened.path === "/dev/tty") sinks[r.fd] = sinks[1];
      else if (opened.path === "/dev/stderr") sinks[r.fd] = sinks[2];
      else sinks[r.fd] = { kind: "file", path: opened.path, append: r.op === ">>" };
    }
  }
  return {
    world: w,
    stdin,
    stdinFile,
    redirected,
    sinks,
    fds,
    tcp,
    events,
    ...(reading ? { reading } : {}),
    ...(stdinError !== undefined ? { stdinError } : {}),
  };
}

function badFd(shell: Shell, fd: number): string {
  return `${errorPrefix(shell)}${fd}: Bad file descriptor\n`;
}

/**
 * fd N (above 0) opened on a path: bash's /dev/udp a socket connected now, which keeps
 * its port and hears ICMP errors for as long as the descriptor stays open; a file
 * opened for reading only takes no writes the lab keeps.
 */
function openFd(
  world: World,
  session: Session,
  where: Machine,
  shell: Shell,
  fd: number,
  mode: FdMode,
  path: string,
): { readonly world: World; readonly sink: Sink } | { readonly failed: CommandOutcome } {
  if (shell !== "sh" && UDP_PATH.test(path)) {
    const [, host = "", port = "0"] = UDP_PATH.exec(path)!;
    return { world, sink: { kind: "udp", host, port: Number(port), fd } };
  }
  if (mode === "<") {
    const input = readForInput(world, session, shell, path);
    return "error" in input
      ? { failed: failed(world, input.error) }
      : { world, sink: { kind: "in", path: input.path, pos: 0 } };
  }
  // `<>` neither truncates nor appends; the lab's files take its writes at their end.
  const opened = openForWrite(world, session, where, path, mode !== ">");
  if (opened.error) return { failed: failed(world, openError(shell, path, opened.error)) };
  if (opened.path === "/dev/null") return { world: opened.world, sink: { kind: "null" } };
  return { world: opened.world, sink: { kind: "file", path: opened.path, append: mode !== ">" } };
}
