/**
 * Descriptors a shell reads from: `exec 3</tmp/f` keeps a file open at an offset, and
 * `exec 3<>/dev/tcp/HOST/PORT` a socket with what its peer has sent. `<&3` and
 * `read -u 3` read on from where the last read stopped. A regular file is seekable, so
 * `read` and GNU head leave the offset just past what they used (head seeks back over
 * the rest of its buffer); from a socket head keeps all that arrived, and only `read`,
 * which reads it byte by byte, takes exactly its line.
 */
import type { TcpConn } from "../kernel/stack/tcp.ts";
import { devTcpClose } from "../programs/dev-tcp.ts";
import type { TraceEvent } from "../trace/events.ts";
import type { World } from "../world.ts";
import type { CommandResult, Session } from "./command.ts";
import type { CommandOutcome, Sink } from "./output.ts";
import { readForInput, type Shell } from "./redirect.ts";

export interface Reading {
  /** The descriptor stdin was duplicated from (`<&3`). */
  readonly fd: number;
  readonly text: string;
  /** The read takes the socket's pending error (a UDP socket's ICMP error is reported once). */
  readonly takesError?: true;
}

/** What a read of `sink` gets now (undefined: the descriptor is not open for reading). */
export function readableText(world: World, session: Session, shell: Shell, sink: Sink): string | undefined {
  if (sink.kind === "in") {
    const r = readForInput(world, session, shell, sink.path);
    return "text" in r ? r.text.slice(sink.pos) : "";
  }
  if (sink.kind === "tcp" && sink.stream) return sink.stream.received.slice(sink.stream.pos);
  return undefined;
}

/** `sink` after a read that used `n` characters of what it offered. */
export function readPast(sink: Sink, n: number): Sink {
  if (sink.kind === "in") return { ...sink, pos: sink.pos + n };
  if (sink.kind === "tcp" && sink.stream) return { ...sink, stream: { ...sink.stream, pos: sink.stream.pos + n } };
  return sink;
}

/**
 * The shell's descriptor table after a command read stdin from `reading.fd`: `read` says
 * what it used; on a seekable file so does head (CommandResult.consumed); anything else
 * read it all.
 */
export function afterReading(session: Session, reading: Reading, result: CommandResult): Session {
  const sink = session.fds?.[reading.fd];
  if (!sink) return session;
  if (reading.takesError && sink.kind === "udp") {
    const { error: _taken, ...rest } = sink;
    return { ...session, fds: { ...session.fds, [reading.fd]: rest } };
  }
  const used = result.consumed ?? reading.text.length;
  return { ...session, fds: { ...session.fds, [reading.fd]: readPast(sink, used) } };
}

/**
 * Closes the sockets of descriptors `from` held that `to` no longer does: what a command's
 * own `3<>/dev/tcp/…` opened, when it ends; what `exec 3>&-` (or a new `exec 3<>…`)
 * dropped; all of a shell's, when it exits.
 */
export function closeDropped(
  world: World,
  from: Session["fds"],
  to: Session["fds"],
): { readonly world: World; readonly events: readonly TraceEvent[] } {
  let w = world;
  const events: TraceEvent[] = [];
  const still = new Set<TcpConn>();
  for (const s of Object.values(to ?? {})) if (s.kind === "tcp") still.add(s.conn);
  for (const s of Object.values(from ?? {})) {
    if (s.kind !== "tcp" || !s.stream || still.has(s.conn)) continue;
    still.add(s.conn);
    const closed = devTcpClose(w, s.conn, "", s.stream);
    w = closed.world;
    events.push(...closed.events);
  }
  return { world: w, events };
}

/** The session a command runs with: the descriptors its own redirections opened, beside the shell's. */
export function commandSession(session: Session, fds: Readonly<Record<number, Sink>>): Session {
  return sameFds(session.fds, fds) ? session : { ...session, fds };
}

function sameFds(a: Session["fds"], b: Session["fds"]): boolean {
  const ka = Object.keys(a ?? {});
  if (ka.length !== Object.keys(b ?? {}).length) return false;
  return ka.every((k) => a![Number(k)] === b?.[Number(k)]);
}

/**
 * The shell's descriptors once a command has ended: its own redirections' are gone (their
 * sockets closed), while what it did to the shell's (a read's offset, a socket written)
 * stays.
 */
export function endCommandFds(
  world: World,
  outer: Session,
  opened: { readonly fds: Readonly<Record<number, Sink>>; readonly reading?: Reading },
  after: Session | undefined,
  result: CommandResult,
): { readonly world: World; readonly events: readonly TraceEvent[]; readonly session: Session | undefined } {
  const ran = opened.reading ? afterReading(after ?? commandSession(outer, opened.fds), opened.reading, result) : after;
  if (sameFds(outer.fds, opened.fds) && ran === after) return { world, events: [], session: after };
  const own = ran?.fds ?? opened.fds;
  const fds: Record<number, Sink> = {};
  for (const [k, sink] of Object.entries(outer.fds ?? {})) {
    const fd = Number(k);
    fds[fd] = opened.fds[fd] === sink && own[fd] !== undefined ? own[fd] : sink;
  }
  const closed = closeDropped(world, own, fds);
  const changed = ran !== undefined || !sameFds(outer.fds, fds);
  return { ...closed, session: changed ? { ...(ran ?? outer), fds } : undefined };
}

/** `exec` with redirections alone: they become the shell's own, and the sockets they replaced close. */
export function keepRedirections(
  world: World,
  session: Session,
  opened: { readonly fds: Readonly<Record<number, Sink>>; readonly events: readonly TraceEvent[] },
): CommandOutcome {
  const kept = closeDropped(world, session.fds, opened.fds);
  const events = [...opened.events, ...kept.events];
  return {
    world: kept.world,
    stdout: "",
    stderr: "",
    chunks: [],
    exitCode: 0,
    events,
    session: { ...session, fds: opened.fds },
  };
}

/** The shell's descriptors with the sockets its command wrote to as they are now. */
export function withSockets(session: Session, sockets: ReadonlyMap<Sink, Sink>): Session {
  const fds = Object.fromEntries(Object.entries(session.fds ?? {}).map(([fd, s]) => [fd, sockets.get(s) ?? s]));
  return { ...session, fds };
}
