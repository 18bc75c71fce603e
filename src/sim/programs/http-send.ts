/** How a server's response leaves it: in one segment or two (http-exchange.ts, docker-proxy.ts). */
import type { WalkState } from "../kernel/stack/context.ts";
import { serverSend, type TcpConn } from "../kernel/stack/tcp.ts";
import { headText, responseText, type HttpRequest, type HttpResponse } from "./http.ts";

/**
 * The server writes its response: a file it serves (nginx's sendfile, baidu.com's server
 * writing its headers first) goes out as two segments, the headers and then the body, each
 * acknowledged; a page it makes up (an error) in one, as the oracle's captures show.
 */
export function sendResponse(
  st: WalkState,
  conn: TcpConn,
  response: HttpResponse,
  method: HttpRequest["method"],
  /** Written at once: what docker-proxy relays to a client on its own machine. */
  whole = false,
): boolean {
  const label = `HTTP ${response.status} ${response.reason}`;
  const head = headText(response);
  if (whole || response.status !== 200 || method === "HEAD" || response.body === "")
    return serverSend(st, conn, responseText(response, method), label);
  // The body is the page itself (the same string every time), so its length is measured once.
  return serverSend(st, conn, head, label) && serverSend(st, conn, response.body, "HTTP data");
}
