/** Which program answers an HTTP request arriving at a listening socket, by the socket's owner. */
import type { WalkState } from "../kernel/stack/context.ts";
import type { Listener } from "../kernel/types.ts";
import type { HttpRequest, HttpResponse } from "./http.ts";
import { httpdServe } from "./busybox-httpd.ts";
import { nginxServe } from "./nginx.ts";
import { webServe } from "./web-server.ts";
import { clientAbandoned } from "./client-patience.ts";

/** What the HTTP server behind `listener` answers (undefined: it is no HTTP server). */
export function serverResponse(
  st: WalkState,
  listener: Listener,
  req: HttpRequest,
  client: string,
  clientPort = 0,
): HttpResponse | undefined {
  const app = listener.app;
  if (app.kind === "nginx") {
    const r = nginxServe(st, app.container, req, client, listener, serverResponse);
    // nginx logged the request its client hung up on (499) and sends nothing.
    if (clientAbandoned(st)) return undefined;
    // A client that asks to close gets nginx's `Connection: close`, and nginx closes first.
    return r && req.close
      ? { ...r, headers: r.headers.map((h) => (h === "Connection: keep-alive" ? "Connection: close" : h)) }
      : r;
  }
  if (app.kind === "web") return webServe(st, app.site, req, client);
  if (app.kind === "httpd")
    return httpdServe(st, app, req, { addr: client, port: clientPort, v6: listener.dualStack === true });
  return undefined;
}
