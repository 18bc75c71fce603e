/**
 * docker-proxy, the userland proxy dockerd starts for each published address: it
 * accepts on the host and opens a second connection of its own to the container,
 * so the container sees the bridge gateway as its client. dockerd decides where
 * it listens (docker/); this is what it does with a connection.
 */
import type { WalkState } from "../kernel/stack/context.ts";
import { clientSend, tcpClose, tcpConnect, type TcpConn } from "../kernel/stack/tcp.ts";
import { parseRequest, serverCloses, type HttpRequest, type HttpResponse } from "./http.ts";
import { sendResponse } from "./http-send.ts";
import { serverResponse } from "./servers.ts";

/** How deep docker-proxies may chain (a proxy whose backend is another proxy). */
const MAX_PROXY_DEPTH = 4;

/** http-exchange.ts's httpExchange, passed in: a proxy whose backend is another proxy starts a new exchange. */
type ExchangeFn = (
  st: WalkState,
  netns: string,
  process: string,
  dst: string,
  dport: number,
  req: HttpRequest,
  depth: number,
) => { readonly kind: string; readonly response?: HttpResponse };

/**
 * The proxy's second leg: a connection from the host to the container's address (undefined: none).
 * "dialing": its SYNs got no answer at all (docker0 down, the route leads elsewhere), so the proxy
 * is still in connect() for the kernel's two minutes of retries and the client just waits.
 */
export function dialBackend(st: WalkState, accepted: TcpConn, depth: number): TcpConn | "dialing" | undefined {
  const app = accepted.listener.app;
  if (app.kind !== "docker-proxy" || depth >= MAX_PROXY_DEPTH) return undefined;
  const b = tcpConnect(st, accepted.serverNs, "docker-proxy", app.toAddr, app.toPort);
  if (b.kind === "timeout") return "dialing";
  return b.kind === "connected" ? b.conn : undefined;
}

/** The request goes on to the backend, the answer comes back (undefined: the backend gave none). */
export function relay(
  st: WalkState,
  backend: TcpConn,
  text: string,
  depth: number,
  exchange: ExchangeFn,
): HttpResponse | undefined {
  const req = parseRequest(text);
  if (!req || !clientSend(st, backend, text, `HTTP ${req.method} ${req.path}`)) return undefined;
  const app = backend.listener.app;
  let response: HttpResponse | undefined;
  if (app.kind === "docker-proxy" && depth < MAX_PROXY_DEPTH) {
    const inner = exchange(st, backend.serverNs, "docker-proxy", app.toAddr, app.toPort, req, depth);
    response = inner.kind === "response" ? inner.response : undefined;
  } else {
    response = serverResponse(st, backend.listener, req, backend.serverView.src, backend.serverView.sport);
  }
  if (!response) {
    tcpClose(st, backend, true);
    return undefined;
  }
  if (!sendResponse(st, backend, response, req.method)) return undefined;
  tcpClose(st, backend, serverCloses(response));
  return response;
}
