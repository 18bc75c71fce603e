/**
 * busybox `nc`: connects to HOST PORT through the walk, sends what it reads on stdin
 * (an HTTP request typed or piped in is answered by the server there), prints what
 * comes back, and reports a refused or unanswered connection as busybox does. The
 * oracle's nginx image carries Debian's small nc (no `-z`, no `-v`); the other images'
 * busybox has the full one (`-z` to only test the port, `-v` to say so).
 */
import { advanceClock, createWalkState, getNs, putNs, worldOf } from "../../../kernel/stack/context.ts";
import {
  ARP_GIVE_UP_MS,
  clientSend,
  type LostSyn,
  serverSend,
  SYN_GIVE_UP_MS,
  tcpClose,
  tcpConnect,
  waitForSyn,
} from "../../../kernel/stack/tcp.ts";
import { findContainer, updateContainer } from "../../../docker/container.ts";
import { appendLog } from "../../../docker/lookup.ts";
import { httpExchange } from "../../../programs/http-exchange.ts";
import { parseRequest, responseText } from "../../../programs/http.ts";
import { resolveName } from "../../../programs/resolver.ts";
import type { Command, CommandResult } from "../../command.ts";
import { machineOf } from "../../machine.ts";
import { BUSYBOX_BANNER } from "../nslookup/nslookup.ts";
import { runInContainer, shellCommandLine } from "../docker/exec.ts";
import { served } from "./listen.ts";

const SMALL_USAGE = `${BUSYBOX_BANNER}

Usage: nc [-iN] [-wN] [-l] [-p PORT] [-f FILE|IPADDR PORT] [-e PROG]

Open a pipe to IP:PORT or FILE

\t-l\tListen mode, for inbound connects
\t\t(use -ll with -e for persistent server)
\t-p PORT\tLocal port
\t-w SEC\tConnect timeout
\t-i SEC\tDelay interval for lines sent
\t-f FILE\tUse file (ala /dev/ttyS0) instead of network
\t-e PROG\tRun PROG after connect
`;

const FULL_USAGE = `${BUSYBOX_BANNER}

Usage: nc [OPTIONS] HOST PORT  - connect
nc [OPTIONS] -l -p PORT [HOST] [PORT]  - listen

\t-e PROG\tRun PROG after connect (must be last)
\t-l\tListen mode, for inbound connects
\t-lk\tWith -e, provides persistent server
\t-p PORT\tLocal port
\t-s ADDR\tLocal address
\t-w SEC\tTimeout for connects and final net reads
\t-i SEC\tDelay interval for lines sent
\t-n\tDon't do DNS resolution
\t-u\tUDP mode
\t-b\tAllow broadcasts
\t-v\tVerbose
\t-o FILE\tHex dump traffic
\t-z\tZero-I/O mode (scanning)
`;

export const nc: Command = (argv, ctx) => {
  // Debian's busybox (the host's, the nginx image's) is built with the small nc.
  const image = machineOf(ctx.world, ctx.session).container?.image;
  const full = image !== undefined && image !== "nginx";
  const usage = full ? FULL_USAGE : SMALL_USAGE;
  const done = (stdout: string, stderr: string, exitCode: number): CommandResult => ({
    world: ctx.world,
    stdout,
    stderr,
    exitCode,
  });
  let wait: number | undefined;
  let zero = false;
  let verbose = false;
  let unmodelled = false;
  const words: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith("-") || a === "-") {
      words.push(a);
      continue;
    }
    for (let j = 1; j < a.length; j++) {
      const c = a[j]!;
      const takes = full ? "wipseo" : "wipfe";
      const flags = full ? "zvnulbk" : "l";
      if (takes.includes(c)) {
        const v = j + 1 < a.length ? a.slice(j + 1) : argv[++i];
        if (v === undefined) return done("", `nc: option requires an argument -- '${c}'\n${usage}`, 1);
        if (c === "w") wait = Number(v);
        break;
      } else if (flags.includes(c)) {
        if (c === "z") zero = true;
        if (c === "v") verbose = true;
        if (c === "l" || c === "u") unmodelled = true;
      } else return done("", `nc: invalid option -- '${c}'\n${usage}`, 1);
    }
  }
  // Listening in the foreground and UDP are not modelled; getopt has read every option first.
  if (unmodelled) return done("", "", 1);
  const [host, portText] = words;
  if (host === undefined || portText === undefined) return done("", usage, 1);
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) return done("", `nc: bad port '${portText}'\n`, 1);
  const st = createWalkState(ctx.world);
  const finish = (stdout: string, stderr: string, exitCode: number): CommandResult => ({
    world: worldOf(st),
    stdout,
    stderr,
    exitCode,
    events: st.events,
  });
  const res = resolveName(st, ctx.session.machine, "nc", host);
  if (res.kind !== "address") return finish("", `nc: bad address '${host}'\n`, 1);
  const addr = res.address;
  const name = `${host} (${addr}:${port})`;
  const failed = (why: string) =>
    full
      ? finish("", `nc: ${name}: ${why}\n`, 1)
      : finish("", `nc: can't connect to remote host (${addr}): ${why}\n`, 1);
  const request = parseRequest(ctx.stdin.replace(/\r?\n/g, "\r\n"));
  if (request && !zero) {
    // Someone typed (or piped) an HTTP request: the server answers it, and nc prints the answer.
    const ex = httpExchange(st, ctx.session.machine, "nc", addr, port, request);
    if (ex.kind === "response") return finish(responseText(ex.response, request.method), "", 0);
    // netcat's read loop ends quietly on EOF and on a reset alike.
    if (ex.kind === "empty" || ex.kind === "reset") return finish("", "", 0);
    return outcome(ex.kind === "timeout" ? "timeout" : ex.kind, ex.kind === "timeout" ? ex.lost : undefined);
  }
  const c = tcpConnect(st, ctx.session.machine, "nc", addr, port);
  if (c.kind === "connected" && c.conn.listener.app.kind === "nc") {
    // Another nc listening: it takes what stdin holds and, its own stdin empty, both ends close.
    if (ctx.stdin !== "") clientSend(st, c.conn, ctx.stdin, "data");
    tcpClose(st, c.conn);
    const server = getNs(st, c.conn.serverNs);
    if (server) putNs(st, served(server, c.conn.listener, ctx.stdin));
    return finish("", "", 0);
  }
  if (c.kind === "connected" && c.conn.listener.app.kind === "nc-exec") {
    // A persistent `nc -ll -e PROG` server: PROG writes to the socket and, as it exits, the
    // server's end closes first. PROG runs against the world as it was (what it reads of the
    // client's input is not modelled).
    const app = c.conn.listener.app;
    const owner = findContainer(ctx.world, app.container);
    // A job of a shell outside any container runs PROG in its own namespace's machine.
    const out =
      app.prog.length === 0
        ? undefined
        : owner?.status === "running"
          ? runInContainer(ctx.runLine, ctx.world, owner, shellCommandLine(app.prog))
          : app.container === ""
            ? ctx.runLine(ctx.world, { machine: c.conn.serverNs, noTty: true }, shellCommandLine(app.prog))
            : undefined;
    if (ctx.stdin !== "") clientSend(st, c.conn, ctx.stdin, "data");
    const reply = out?.stdout ?? "";
    if (reply !== "") serverSend(st, c.conn, reply, "data");
    tcpClose(st, c.conn, true);
    if (!app.once) return finish(reply, "", 0);
    // A single -l: nc exits after its one connection, and with it the container (its PID 1).
    const server = getNs(st, c.conn.serverNs);
    if (server) putNs(st, { ...server, listeners: server.listeners.filter((l) => l !== c.conn.listener) });
    if (!owner) return finish(reply, "", 0);
    const sent = app.prog.length === 0 ? ctx.stdin : "";
    const w = appendLog(worldOf(st), owner.id, sent);
    const ended = updateContainer(w, owner.id, (x) => ({ ...x, exitsAt: w.clock, exitsWith: 0 }));
    return { world: ended, stdout: reply, stderr: "", exitCode: 0, events: st.events };
  }
  if (c.kind === "connected") {
    tcpClose(st, c.conn);
    return finish("", full && verbose ? `${name} open\n` : "", 0);
  }
  return outcome(c.kind, c.kind === "timeout" ? c.lost : undefined);

  function outcome(kind: "refused" | "timeout" | "unreachable" | "no-neighbour", lost?: LostSyn): CommandResult {
    if (kind === "refused") return failed("Connection refused");
    if (kind === "unreachable") return failed("Network is unreachable");
    const limit = kind === "no-neighbour" ? ARP_GIVE_UP_MS : SYN_GIVE_UP_MS;
    if (wait !== undefined && wait * 1000 < limit) {
      waitForSyn(st, lost, wait * 1000);
      return finish("", full ? `nc: ${name}: Operation timed out\n` : "nc: timed out\n", 1);
    }
    if (kind === "no-neighbour") advanceClock(st, limit);
    else waitForSyn(st, lost, limit);
    return failed(kind === "no-neighbour" ? "No route to host" : "Connection timed out");
  }
};
