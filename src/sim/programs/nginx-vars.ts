/**
 * nginx's variables as a learner's `return`, `rewrite` and `try_files` use them: the
 * request's (`$uri` as it stands after rewrites, `$request_uri` as the client sent it,
 * `$args`, `$host`…) and the captures `$1`…`$9` of the last regular expression that matched.
 */
import type { NginxServer } from "../machines/images/nginx-conf/model.ts";
import type { SiteRequest } from "./nginx-site.ts";
import { remoteUser, requestProtocol } from "./http.ts";
import { isKnownVariable } from "../machines/images/nginx-conf/variables.ts";

export interface VarState {
  readonly r: SiteRequest;
  readonly server: NginxServer;
  readonly uri: string;
  readonly args: string;
  readonly captures: readonly string[];
  /** Variables `set` gave a value. */
  readonly user?: Readonly<Record<string, string>>;
}

/** `$arg_NAME`: the first argument of that name, as sent (nginx does not decode it). */
function argOf(args: string, name: string): string {
  for (const pair of args.split("&")) {
    const eq = pair.indexOf("=");
    const key = eq < 0 ? pair : pair.slice(0, eq);
    if (key.toLowerCase() === name.toLowerCase()) return eq < 0 ? "" : pair.slice(eq + 1);
  }
  return "";
}

const NONE_DECLARED: ReadonlySet<string> = new Set();

export function expandVars(text: string, v: VarState): string {
  const { r, server } = v;
  const host = r.req.host.replace(/:\d+$/, "").toLowerCase() || server.names[0] || "";
  const vars: Readonly<Record<string, string>> = {
    uri: v.uri,
    document_uri: v.uri,
    request_uri: r.req.path,
    args: v.args,
    query_string: v.args,
    is_args: v.args !== "" ? "?" : "",
    host,
    http_host: r.req.host,
    remote_addr: r.client,
    server_port: String(r.port),
    request_method: r.req.method,
    scheme: "http",
    server_name: server.names[0] ?? "",
    server_protocol: requestProtocol(r.req),
    http_user_agent: r.req.userAgent,
    http_referer: r.req.referer ?? "",
    remote_user: remoteUser(r.req),
    request: `${r.req.method} ${r.req.path} ${requestProtocol(r.req)}`,
    server_addr: r.addr,
    nginx_version: "1.22.1",
  };
  return text.replace(/\$(?:\{([a-z_0-9]+)\}|([a-z_][a-z_0-9]*|[0-9]))/g, (all, braced?: string, bare?: string) => {
    const name = braced ?? bare ?? "";
    if (/^[0-9]$/.test(name)) return v.captures[Number(name)] ?? "";
    if (name.startsWith("arg_")) return argOf(v.args, name.slice(4));
    if (v.user && Object.hasOwn(v.user, name)) return v.user[name]!;
    if (Object.hasOwn(vars, name)) return vars[name]!;
    // nginx -t refused names it does not know; the others the lab does not model are empty here.
    return isKnownVariable(name, NONE_DECLARED) ? "" : all;
  });
}
