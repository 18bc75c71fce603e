/**
 * One request to an nginx running a configuration of the learner's own: the answer
 * (nginx-site.ts, or the upstream's through nginx-proxy.ts), then what it logs to the
 * container's log: an error line for what failed, and the access line in the format its
 * configuration names (the image's `main`, else nginx's `combined`).
 */
import type { WalkState } from "../kernel/stack/context.ts";
import { byteLength } from "../kernel/stack/packet.ts";
import type { NginxConf } from "../machines/images/nginx-conf/model.ts";
import { netnsOfContainer } from "../docker/shared-netns.ts";
import { appendContainerLog, stderrLine } from "../docker/log-lines.ts";
import type { Container, DockerWorld } from "../docker/types.ts";
import { updateContainer } from "../docker/lookup.ts";
import type { KernelWorld } from "../kernel/types.ts";
import { remoteUser, requestProtocol, type HttpResponse } from "./http.ts";
import { errorLogDate, nginxLogDate, nginxLogLine, workerPid } from "./nginx.ts";
import type { Answerer } from "./nginx-proxy.ts";
import { proxyToUpstream } from "./nginx-upstream.ts";
import { handleRequest } from "./nginx-request.ts";
import { badRequest, refusedRequest } from "./nginx-uri.ts";
import type { SiteRequest } from "./nginx-site.ts";

/** $body_bytes_sent: a chunked body counts its framing, one chunk and the last one, as nginx sends a short body. */
function sentBytes(res: HttpResponse): number {
  const n = byteLength(res.body);
  if (!res.headers.includes("Transfer-Encoding: chunked")) return n;
  return n === 0 ? 5 : n.toString(16).length + 2 + n + 2 + 5;
}

/** nginx's log levels, least severe first: error_log's level drops the ones before it. */
const LEVELS = ["debug", "info", "notice", "warn", "error", "crit", "alert", "emerg"];

/**
 * nginx numbers every connection it takes from its pool, the ones it opens to an upstream
 * too (ngx_event_connect_peer), so the client after a proxied request is `*3`, not `*2`.
 */
function countUpstreamConnection(st: WalkState, id: string): void {
  if (!("docker" in st.world)) return;
  const dw = st.world as KernelWorld & DockerWorld;
  st.world = updateContainer(dw, id, (x) => ({ ...x, connections: (x.connections ?? 0) + 1 }));
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
        proxyToUpstream(st, c.id, netnsOfContainer(c), up, scope, r.req, path, answer, () =>
          countUpstreamConnection(st, c.id),
        ),
      );
  const { server, response } = h;
  const lines: string[] = [];
  const req = r.req;
  const least = LEVELS.indexOf(conf.errorLevel ?? "error");
  for (const { msg: error, upstream, level } of h.errors) {
    if (LEVELS.indexOf(level ?? "error") < least) continue;
    const tail = upstream !== undefined ? `, upstream: "${upstream}"` : "";
    lines.push(
      stderrLine(
        `${errorLogDate(st.world.clock)} [${level ?? "error"}] ${workerPid(c)}#${workerPid(c)}: *${conn} ${error}, client: ${r.client}, server: ${server?.names[0] ?? ""}, request: "${req.method} ${req.path} ${requestProtocol(req)}"${tail}, host: "${req.host}"`,
      ),
    );
  }
  const size = req.method === "HEAD" ? 0 : sentBytes(response);
  if (conf.access === "main") lines.push(nginxLogLine(st.world.clock, req, r.client, response.status, size));
  else if (conf.access === "combined")
    lines.push(
      `${r.client} - ${remoteUser(req) || "-"} [${nginxLogDate(st.world.clock)}] "${req.method} ${req.path} ${requestProtocol(req)}" ${response.status} ${size} "${(req.referer ?? "") || "-"}" "${req.userAgent}"`,
    );
  if (lines.length > 0) appendContainerLog(st, c.id, lines);
  return response;
}
