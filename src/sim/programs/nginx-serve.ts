/**
 * One request to an nginx running a configuration of the learner's own: the answer
 * (nginx-site.ts, or the upstream's through nginx-proxy.ts), then what it logs to the
 * container's log: an error line for what failed, and the access line in the format its
 * configuration names (the image's `main`, else nginx's `combined`).
 */
import type { WalkState } from "../kernel/stack/context.ts";
import { appendLog } from "../kernel/stack/context.ts";
import { byteLength } from "../kernel/stack/packet.ts";
import type { NginxConf } from "../machines/images/nginx-conf/model.ts";
import { netnsOfContainer } from "../docker/shared-netns.ts";
import { stderrLine } from "../docker/log-lines.ts";
import type { Container } from "../docker/types.ts";
import type { HttpResponse } from "./http.ts";
import { errorLogDate, httpOf, nginxLogDate, nginxLogLine, WORKER_PID } from "./nginx.ts";
import { proxyAnswer, type Answerer } from "./nginx-proxy.ts";
import { handleRequest } from "./nginx-request.ts";
import { badRequest, refusedRequest } from "./nginx-uri.ts";
import type { SiteRequest } from "./nginx-site.ts";

/** $body_bytes_sent: a chunked body counts its framing, one chunk and the last one, as nginx sends a short body. */
function sentBytes(res: HttpResponse): number {
  const n = byteLength(res.body);
  if (!res.headers.includes("Transfer-Encoding: chunked")) return n;
  return n === 0 ? 5 : n.toString(16).length + 2 + n + 2 + 5;
}

export function siteServe(
  st: WalkState,
  c: Container,
  conf: NginxConf,
  r: SiteRequest,
  conn: number,
  answer: Answerer,
): HttpResponse {
  const h = refusedRequest(r.req)
    ? { server: undefined, response: badRequest(st.world.clock), errors: [] }
    : handleRequest(st.world, c, conf, r, (up, scope, path) =>
        proxyAnswer(st, netnsOfContainer(c), up, scope, r.req, path, answer),
      );
  const { server, response } = h;
  const lines: string[] = [];
  const req = r.req;
  for (const { msg: error, upstream } of h.errors) {
    const tail = upstream !== undefined ? `, upstream: "${upstream}"` : "";
    lines.push(
      stderrLine(
        `${errorLogDate(st.world.clock)} [error] ${WORKER_PID}#${WORKER_PID}: *${conn} ${error}, client: ${r.client}, server: ${server?.names[0] ?? ""}, request: "${req.method} ${req.path} ${httpOf(req)}"${tail}, host: "${req.host}"`,
      ),
    );
  }
  const size = req.method === "HEAD" ? 0 : sentBytes(response);
  if (conf.access === "main") lines.push(nginxLogLine(st.world.clock, req, r.client, response.status, size));
  else if (conf.access === "combined")
    lines.push(
      `${r.client} - - [${nginxLogDate(st.world.clock)}] "${req.method} ${req.path} ${httpOf(req)}" ${response.status} ${size} "-" "${req.userAgent}"`,
    );
  if (lines.length > 0) appendLog(st, c.id, lines);
  return response;
}
