/**
 * Where a command's output goes once it has run: the terminal, down a pipe, into a file
 * (bounded by the disk) or nowhere, each stream within the lab's output bounds and in the
 * order a real process's writes would arrive.
 */
import { LIMITS } from "../limits.ts";
import type { TraceEvent } from "../trace/events.ts";
import type { World } from "../world.ts";
import type { CommandResult, OutputChunk, Session } from "./command.ts";
import { writeError, writeTo, type Shell } from "./redirect.ts";
import { sendDatagram } from "../programs/udp-send.ts";
import { devTcpClose, devTcpWrite, type DevTcpStream } from "../programs/dev-tcp.ts";
import type { TcpConn } from "../kernel/stack/tcp.ts";

/** What the lab prints where it cut an output at its bound, so nothing is cut silently. */
export function cutNotice(what: "lines" | "bytes"): string {
  return what === "lines"
    ? `[lab: output cut at ${LIMITS.maxOutputLines} lines, the lab's limit]\n`
    : `[lab: output cut at ${LIMITS.maxOutputBytes} bytes, the lab's limit]\n`;
}

/** The text within the lab's output bounds, and whether it was cut. */
export function capOutput(text: string): { text: string; cut?: "lines" | "bytes" } {
  let count = 0;
  const end = Math.min(text.length, LIMITS.maxOutputBytes);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10 && ++count >= LIMITS.maxOutputLines) {
      return i + 1 < text.length ? { text: text.slice(0, i + 1), cut: "lines" } : { text };
    }
  }
  return text.length > end ? { text: text.slice(0, end), cut: "bytes" } : { text };
}

/** Where a file descriptor's output goes. */
export type Sink =
  | { kind: "stdout" }
  | { kind: "stderr" }
  | { kind: "null" }
  | { kind: "file"; path: string; append: boolean }
  /**
   * bash's `/dev/udp/HOST/PORT`: what is written leaves as a datagram. On a descriptor the
   * shell keeps (`fd`), the socket keeps its port and the error an ICMP message left on it.
   */
  | { kind: "udp"; host: string; port: number; fd?: number; lport?: number; error?: string }
  /**
   * bash's `/dev/tcp/HOST/PORT`, connected as the redirection opened (programs/dev-tcp.ts).
   * On a descriptor the shell keeps (`exec 3<>/dev/tcp/…`), `stream` holds what went out on
   * it, what the peer answered and how far reads have got.
   */
  | { kind: "tcp"; conn: TcpConn; stream?: DevTcpStream }
  /** A file opened for reading on a descriptor above 2 (`exec 3</tmp/f`), read on from `pos`. */
  | { kind: "in"; path: string; pos: number };

/** Programs that write through C stdio (Go's docker writes each stream as it goes). */
const STDIO_BUFFERED = new Set([
  "conntrack", "ls", "cat", "grep", "sysctl", "ip", "ss", "netstat", "ps", "tcpdump", "iptables", "iptables-save",
  "iptables-restore", "ip6tables", "brctl", "bridge", "route", "ifconfig", "hostname", "nsenter", "head", "tail",
]); // prettier-ignore

export interface Routed {
  readonly world: World;
  /** What goes down the pipe (or to the terminal for the last command). */
  readonly stdout: string;
  /** What reaches the terminal. */
  readonly stderr: string;
  /** Both, in the order written. */
  readonly chunks: OutputChunk[];
  readonly exitCode: number;
  /** The packets a `/dev/udp` redirection sent. */
  readonly events?: readonly TraceEvent[];
  /** Sockets the shell keeps open, as these writes left them (old → new). */
  readonly sockets?: ReadonlyMap<Sink, Sink>;
}

export function routeOutput(
  result: CommandResult,
  sinks: Readonly<Record<1 | 2, Sink>>,
  how: {
    readonly session: Session;
    readonly name: string;
    readonly shell: Shell;
    readonly stdoutTty: boolean;
    /** `/dev/tcp` sockets the command's redirections opened: they close as it ends. */
    readonly tcp?: readonly TcpConn[];
  },
): Routed {
  const { session, name, shell } = how;
  let w = result.world;
  let stdout = "";
  let stderr = "";
  const chunks: OutputChunk[] = [];
  let exitCode = result.exitCode;
  const datagrams = new Map<Sink, string>();
  // A chunk keeps the time it was written at (a detached loop's log, Session.horizon).
  const emit = (sink: Sink, text: string, at?: number) => {
    if (text === "") return;
    if (sink.kind === "udp" || sink.kind === "tcp") {
      datagrams.set(sink, (datagrams.get(sink) ?? "") + text);
      return;
    }
    if (sink.kind === "stdout") {
      stdout += text;
      chunks.push(at === undefined ? { stream: "stdout", text } : { stream: "stdout", text, at });
    } else if (sink.kind === "stderr") {
      stderr += text;
      chunks.push(at === undefined ? { stream: "stderr", text } : { stream: "stderr", text, at });
    } else if (sink.kind === "in") {
      // A descriptor opened for reading only: write(2) fails with EBADF.
      const err = writeError(shell, name, "Bad file descriptor");
      stderr += err;
      chunks.push({ stream: "stderr", text: err });
      exitCode = 1;
    } else if (sink.kind === "file") {
      const written = writeTo(w, session, sink.path, text, name, shell);
      w = written.world;
      if (written.error) {
        stderr += written.error;
        chunks.push({ stream: "stderr", text: written.error });
        exitCode = 1;
      }
    }
  };
  // A C program's stdout into a pipe or a file is block-buffered and leaves at exit, while its
  // stderr is not: merged (`2>&1 | tail -1`), what it said on stderr comes first.
  const stderrFirst = !how.stdoutTty && sinks[2] === sinks[1] && STDIO_BUFFERED.has(name);
  const written = result.output ?? [
    ...(stderrFirst ? [{ stream: "stderr" as const, text: result.stderr }] : []),
    { stream: "stdout" as const, text: result.stdout },
    ...(stderrFirst ? [] : [{ stream: "stderr" as const, text: result.stderr }]),
  ];
  for (const c of written) {
    const sink = c.stream === "stdout" ? sinks[1] : sinks[2];
    // A file is bounded by the disk (redirect.ts); the terminal and pipes by the output bounds.
    if (sink.kind === "file") {
      emit(sink, c.text);
      continue;
    }
    const capped = capOutput(c.text);
    emit(sink, capped.text, c.at);
    if (capped.cut) emit(sinks[2], cutNotice(capped.cut));
  }
  // The lab's commands hand over their output once: one write, one datagram.
  const events: TraceEvent[] = [];
  const sockets = new Map<Sink, Sink>();
  for (const [sink, text] of datagrams) {
    if (sink.kind !== "udp") continue;
    if (sink.error !== undefined) {
      // A connected socket reports the ICMP error it got on its next send, once (sock_error).
      const err = writeError(shell, name, sink.error);
      stderr += err;
      chunks.push({ stream: "stderr", text: err });
      exitCode = 1;
      sockets.set(sink, { kind: "udp", host: sink.host, port: sink.port, fd: sink.fd!, lport: sink.lport! });
      continue;
    }
    const sent = sendDatagram(w, session.machine, name, sink.host, sink.port, text, sink.lport);
    w = sent.world;
    events.push(...sent.events);
    if (sink.fd === undefined) continue;
    const kept = { kind: "udp" as const, host: sink.host, port: sink.port, fd: sink.fd };
    const lport = sent.sport ?? sink.lport;
    const withPort = lport === undefined ? kept : { ...kept, lport };
    sockets.set(sink, sent.pending !== undefined ? { ...withPort, error: sent.pending } : withPort);
  }
  for (const [sink, text] of datagrams) {
    if (sink.kind !== "tcp" || !sink.stream) continue;
    const wrote = devTcpWrite(w, sink.conn, sink.stream, text);
    w = wrote.world;
    events.push(...wrote.events);
    sockets.set(sink, { ...sink, stream: wrote.stream });
  }
  for (const conn of how.tcp ?? []) {
    let data = "";
    for (const [sink, text] of datagrams) if (sink.kind === "tcp" && sink.conn === conn) data += text;
    const closed = devTcpClose(w, conn, data);
    w = closed.world;
    events.push(...closed.events);
  }
  return {
    world: w,
    stdout,
    stderr,
    chunks,
    exitCode,
    ...(events.length > 0 ? { events } : {}),
    ...(sockets.size > 0 ? { sockets } : {}),
  };
}

/** A command of redirections alone (`</dev/tcp/HOST/PORT`): they open, and close again. */
export function redirectionsOnly(
  world: World,
  sinks: Readonly<Record<1 | 2, Sink>>,
  session: Session,
  shell: Shell,
  opened: { readonly tcp: readonly TcpConn[]; readonly events: readonly TraceEvent[] },
): CommandOutcome {
  const r = routeOutput({ world, stdout: "", stderr: "", exitCode: 0 }, sinks, {
    session,
    name: "",
    shell,
    stdoutTty: false,
    tcp: opened.tcp,
  });
  return {
    world: r.world,
    stdout: "",
    stderr: "",
    chunks: [],
    exitCode: 0,
    events: [...opened.events, ...(r.events ?? [])],
  };
}

/** What one simple command did, before the pipeline joins it to the others. */
export interface CommandOutcome {
  world: World;
  stdout: string; // what goes down the pipe (or to the terminal for the last command)
  stderr: string; // what reaches the terminal
  /** Both, in the order written (stdout chunks only matter for a pipeline's last command). */
  chunks: OutputChunk[];
  exitCode: number;
  events: readonly TraceEvent[];
  session?: Session;
  /** The command would still be running (CommandResult.blocked). */
  blocked?: boolean;
  /** The signal that killed the command (CommandResult.signal). */
  signal?: number;
}

export function failed(world: World, stderr: string): CommandOutcome {
  return { world, stdout: "", stderr, chunks: [{ stream: "stderr", text: stderr }], exitCode: 1, events: [] };
}
