/**
 * The variables nginx 1.22.1 (Debian's build) knows: the http core's, those of the modules
 * built in, the prefixes whose names the request supplies, and those a `set` declares
 * anywhere in the configuration. A name nginx does not know stops the configuration at the
 * http block's end (`unknown "name" variable`, without a place).
 */
import type { NginxConf, NginxLocation, Scope } from "./model.ts";
import { ConfError } from "./parse.ts";

const CORE = `http_host http_user_agent http_referer http_via http_x_forwarded_for http_cookie content_length
content_type host binary_remote_addr remote_addr remote_port proxy_protocol_addr proxy_protocol_port
proxy_protocol_server_addr proxy_protocol_server_port server_addr server_port server_protocol scheme https
request_uri uri document_uri request document_root realpath_root query_string args is_args request_filename
server_name request_method remote_user bytes_sent body_bytes_sent pipe request_completion request_body
request_body_file request_length request_time request_id status limit_rate connection connection_requests
connection_time nginx_version hostname pid msec time_iso8601 time_local tcpinfo_rtt tcpinfo_rttvar
tcpinfo_snd_cwnd tcpinfo_rcv_space proxy_host proxy_port proxy_add_x_forwarded_for proxy_internal_body_length
proxy_internal_chunked upstream_addr upstream_status upstream_connect_time upstream_header_time
upstream_response_time upstream_response_length upstream_bytes_received upstream_bytes_sent
upstream_cache_status fastcgi_script_name fastcgi_path_info realip_remote_addr realip_remote_port gzip_ratio
limit_req_status limit_conn_status invalid_referer secure_link secure_link_expires uid_got uid_set uid_reset
date_local date_gmt memcached_key http2 ssl_protocol ssl_cipher ssl_ciphers ssl_curves ssl_session_id
ssl_session_reused ssl_early_data ssl_server_name ssl_alpn_protocol ssl_client_cert ssl_client_raw_cert
ssl_client_escaped_cert ssl_client_s_dn ssl_client_i_dn ssl_client_s_dn_legacy ssl_client_i_dn_legacy
ssl_client_serial ssl_client_fingerprint ssl_client_verify ssl_client_v_start ssl_client_v_end
ssl_client_v_remain geoip_country_code`;

const KNOWN = new Set(CORE.split(/\s+/));
const PREFIXES = [
  "arg_",
  "http_",
  "sent_http_",
  "sent_trailer_",
  "cookie_",
  "upstream_http_",
  "upstream_trailer_",
  "upstream_cookie_",
];

const REF = /\$(?:\{([A-Za-z0-9_]+)\}|([A-Za-z0-9_]+))/g;

export function isKnownVariable(name: string, declared: ReadonlySet<string>): boolean {
  return /^\d+$/.test(name) || KNOWN.has(name) || declared.has(name) || PREFIXES.some((p) => name.startsWith(p));
}

function texts(scope: Scope): string[] {
  const out: string[] = [];
  for (const op of scope.script ?? []) {
    if (op.op === "return" && op.text !== undefined) out.push(op.text);
    if (op.op === "rewrite") out.push(op.to);
    if (op.op === "set") out.push(op.value);
  }
  out.push(...(scope.tryFiles ?? []), ...(scope.errorPages ?? []).map((p) => p.uri));
  if (scope.alias !== undefined) out.push(scope.alias);
  if (scope.root !== undefined) out.push(scope.root);
  for (const [, value] of scope.headers ?? []) out.push(value);
  return out;
}

function* scopes(conf: NginxConf): Generator<Scope> {
  yield conf.http;
  const walk = function* (locs: readonly NginxLocation[]): Generator<Scope> {
    for (const l of locs) {
      yield l;
      yield* walk(l.locations);
    }
  };
  for (const s of conf.servers) {
    yield s;
    yield* walk(s.locations);
  }
}

/** Refuses the configuration if any value names a variable nginx does not know. */
export function checkVariables(conf: NginxConf): void {
  const all = [...scopes(conf)];
  const declared = new Set<string>();
  for (const s of all) for (const op of s.script ?? []) if (op.op === "set") declared.add(op.name);
  for (const s of all)
    for (const text of texts(s))
      for (const m of text.matchAll(REF)) {
        const name = m[1] ?? m[2] ?? "";
        if (!isKnownVariable(name, declared)) throw new ConfError(`unknown "${name}" variable`);
      }
}
