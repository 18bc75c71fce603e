/**
 * bash's `/dev/tcp/HOST/PORT`, the port check a person makes without curl or nc
 * (`echo > /dev/tcp/172.17.0.2/80`, `timeout 1 bash -c '</dev/tcp/HOST/PORT'`): bash
 * connects when it opens the redirection, before the command runs; the command's writes
 * go down the socket, and the descriptor closes (client first) when the command ends.
 * nginx, given an empty line and then the FIN, logs a request it could not read
 * (`"" 400 0`, oracle ld03); given a whole request (`printf 'GET / HTTP/1.0\r\n\r\n' >
 * /dev/tcp/…`), it answers and logs it as any other (oracle cn20), though bash reads none
 * of the answer; given nothing, nothing. docker-proxy dials its container and passes on
 * what it got. A descriptor the shell keeps (`exec 3<>/dev/tcp/…`) stays connected between
 * commands: a whole HTTP request written on it is answered as curl's would be, and the
 * answer waits there to be read (`head -1 <&3`, oracle ld10).
 */
import { advanceClock, createWalkState, worldOf } from "../kernel/stack/context.ts";
import {
  ARP_GIVE_UP_MS,
  clientSend,
  SYN_GIVE_UP_MS,
  tcpClose,
  type TcpConn,
  tcpConnect,
  waitForSyn,
} from "../kernel/stack/tcp.ts";
import type { KernelWorld } from "../kernel/types.ts";
import type { TraceEvent } from "../trace/events.ts";
import { appendContainerLog } from "../docker/log-lines.ts";
import { dialBackend, relay } from "./docker-proxy.ts";
import { httpExchange } from "./http-exchange.ts";
import { parseRequest, responseText, serverCloses, type HttpResponse } from "./http.ts";
import { sendResponse } from "./http-send.ts";
import { nginxLogDate } from "./nginx.ts";
import { serverResponse } from "./servers.ts";

export type DevTcpOpened<W extends KernelWorld> =
  | { readonly world: W; readonly events: readonly TraceEvent[]; readonly conn: TcpConn }
  /** connect() failed with this errno's text; `killed` when the command's time ran out first (`timeout`). */
  | { readonly world: W; readonly events: readonly TraceEvent[]; readonly error: string; readonly killed?: true };

export function devTcpConnect<W extends KernelWorld>(
  world: W,
  netns: string,
  dst: string,
  dport: number,
  /** The clock's time a `timeout` around the shell kills it at. */
  deadline?: number,
): DevTcpOpened<W> {
  const st = createWalkState(world);
  const left = deadline === undefined ? Infinity : Math.max(0, deadline - world.clock);
  const c = tcpConnect(st, netns, "bash", dst, dport, undefined, Math.min(left, SYN_GIVE_UP_MS));
  const out = (error: string, killed = false): DevTcpOpened<W> => ({
    world: worldOf(st),
    events: st.events,
    error,
    ...(killed ? { killed: true as const } : {}),
  });
  if (c.kind === "connected") return { world: worldOf(st), events: st.events, conn: c.conn };
  if (c.kind === "refused") return out("Connection refused");
  if (c.kind === "unreachable") return out("Network is unreachable");
  if (c.kind === "no-neighbour") {
    advanceClock(st, Math.min(left, ARP_GIVE_UP_MS));
    return out("No route to host", left < ARP_GIVE_UP_MS);
  }
  waitForSyn(st, c.lost, Math.min(left, SYN_GIVE_UP_MS));
  return out("Connection timed out", left < SYN_GIVE_UP_MS);
}

/** A socket the shell keeps open: what it sent, what came back, how far reads have got. */
export interface DevTcpStream {
  readonly sent: string;
  readonly received: string;
  readonly pos: number;
  /** The server has answered and closed (HTTP/1.0, `Connection: close`): the connection is over. */
  readonly peerClosed: boolean;
}

export const NEW_STREAM: DevTcpStream = { sent: "", received: "", pos: 0, peerClosed: false };

/** Where a request's header ends (servers take a bare LF as CRLF). */
const HEADER_END = /\r?\n\r?\n/;

/**
 * A write on a kept socket: the data leaves at once. Once the server holds a whole request
 * it answers, as it would answer curl, and closes first when the request asked it to.
 */
export function devTcpWrite<W extends KernelWorld>(
  world: W,
  conn: TcpConn,
  stream: DevTcpStream,
  data: string,
): { readonly world: W; readonly events: readonly TraceEvent[]; readonly stream: DevTcpStream } {
  if (stream.peerClosed || data === "") return { world, events: [], stream };
  const st = createWalkState(world);
  const sent = stream.sent + data;
  const req = HEADER_END.test(sent) ? parseRequest(sent) : undefined;
  const label = req ? `HTTP ${req.method} ${req.path}` : "data";
  if (!clientSend(st, conn, data, label) || !req || stream.received !== "" || conn.listener.frozen)
    return { world: worldOf(st), events: st.events, stream: { ...stream, sent } };
  let response: HttpResponse | undefined;
  const app = conn.listener.app;
  if (app.kind === "docker-proxy") {
    const backend = dialBackend(st, conn, 0);
    response = typeof backend === "object" ? relay(st, backend, sent, 1, httpExchange) : undefined;
  } else {
    response = serverResponse(st, conn.listener, req, conn.serverView.src, conn.serverView.sport);
  }
  if (!response) return { world: worldOf(st), events: st.events, stream: { ...stream, sent } };
  const whole = app.kind === "docker-proxy" && conn.clientNs === conn.serverNs;
  sendResponse(st, conn, response, req.method, whole);
  const closes = serverCloses(response);
  if (closes) tcpClose(st, conn, true);
  const received = responseText(response, req.method);
  return { world: worldOf(st), events: st.events, stream: { ...stream, sent, received, peerClosed: closes } };
}

/** The command has ended: what it wrote leaves, then bash's descriptor closes. */
export function devTcpClose<W extends KernelWorld>(
  world: W,
  conn: TcpConn,
  data: string,
  /** The kept socket being closed, when the shell kept it: what it already sent and got. */
  stream?: DevTcpStream,
): { readonly world: W; readonly events: readonly TraceEvent[] } {
  if (stream?.peerClosed) return { world, events: [] };
  const st = createWalkState(world);
  if (stream && stream.received !== "") {
    tcpClose(st, conn);
    return { world: worldOf(st), events: st.events };
  }
  const backend = dialBackend(st, conn, 0);
  const next = typeof backend === "object" ? backend : undefined;
  // A kept socket's writes have left already; a proxy passes them on only now, at the close.
  const written = (stream?.sent ?? "") + data;
  if (written !== "") {
    if (data !== "") clientSend(st, conn, data, "data");
    if (next) clientSend(st, next, written, "data");
    const server = next ?? conn;
    const app = server.listener.app;
    // The header ends with an empty line: anything short of that is no request to nginx.
    const req = /\r?\n\r?\n/.test(written) ? parseRequest(written) : undefined;
    const answer =
      req && app.kind === "nginx" && !server.listener.frozen
        ? serverResponse(st, server.listener, req, server.serverView.src, server.serverView.sport)
        : undefined;
    if (req && answer) {
      sendResponse(st, server, answer, req.method);
      if (next) sendResponse(st, conn, answer, req.method);
    } else if (app.kind === "nginx" && !server.listener.frozen)
      appendContainerLog(st, app.container, [
        `${server.serverView.src} - - [${nginxLogDate(st.world.clock)}] "" 400 0 "-" "-" "-"`,
      ]);
  }
  tcpClose(st, conn);
  if (next) tcpClose(st, next);
  return { world: worldOf(st), events: st.events };
}
