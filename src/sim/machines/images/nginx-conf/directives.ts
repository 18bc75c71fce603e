/**
 * The directives of the modules Debian's nginx 1.22.1 has built in that a learner's file is
 * likely to hold: where each is allowed, how many arguments it takes, and whether it opens
 * a block. nginx checks a statement against this before its handler runs.
 */

export type Context = "main" | "events" | "http" | "server" | "location" | "types" | "upstream";

export interface DirectiveSpec {
  readonly ctx: readonly Context[];
  readonly min: number;
  readonly max: number;
  readonly block?: true;
  /** on|off only. */
  readonly flag?: true;
}

const ANY = 99;
const HSL: readonly Context[] = ["http", "server", "location"];
const SL: readonly Context[] = ["server", "location"];

const d = (ctx: readonly Context[], min: number, max = min, more: Partial<DirectiveSpec> = {}): DirectiveSpec => ({
  ctx,
  min,
  max,
  ...more,
});
const flag = (ctx: readonly Context[]): DirectiveSpec => ({ ctx, min: 1, max: 1, flag: true });
const block = (ctx: readonly Context[], min = 0, max = min): DirectiveSpec => ({ ctx, min, max, block: true });

export const DIRECTIVES: Readonly<Record<string, DirectiveSpec>> = {
  user: d(["main"], 1, 2),
  pid: d(["main"], 1),
  worker_processes: d(["main"], 1),
  worker_rlimit_nofile: d(["main"], 1),
  daemon: flag(["main"]),
  master_process: flag(["main"]),
  env: d(["main"], 1),
  load_module: d(["main"], 1),
  pcre_jit: flag(["main"]),
  working_directory: d(["main"], 1),
  error_log: d(["main", ...HSL], 1, ANY),
  include: d(["main", "events", ...HSL, "types", "upstream"], 1),
  events: block(["main"]),
  http: block(["main"]),
  worker_connections: d(["events"], 1),
  use: d(["events"], 1),
  multi_accept: flag(["events"]),
  accept_mutex: flag(["events"]),
  server: block(["http"]),
  upstream: block(["http"], 1),
  log_format: d(["http"], 2, ANY),
  server_names_hash_bucket_size: d(["http"], 1),
  types_hash_max_size: d(["http", "server", "location"], 1),
  listen: d(["server"], 1, ANY),
  server_name: d(["server"], 1, ANY),
  location: block(SL, 1, 2),
  types: block(HSL),
  default_type: d(HSL, 1),
  access_log: d(HSL, 1, ANY),
  sendfile: flag(HSL),
  tcp_nopush: flag(HSL),
  tcp_nodelay: flag(HSL),
  keepalive_timeout: d(HSL, 1, 2),
  root: d(HSL, 1),
  alias: d(["location"], 1),
  index: d(HSL, 1, ANY),
  add_header: d(HSL, 2, 3),
  error_page: d(HSL, 2, ANY),
  autoindex: flag(HSL),
  charset: d(HSL, 1),
  client_max_body_size: d(HSL, 1),
  server_tokens: d(HSL, 1),
  gzip: flag(HSL),
  gzip_types: d(HSL, 1, ANY),
  expires: d(HSL, 1, 2),
  etag: flag(HSL),
  absolute_redirect: flag(HSL),
  port_in_redirect: flag(HSL),
  server_name_in_redirect: flag(HSL),
  log_not_found: flag(HSL),
  resolver: d(HSL, 1, ANY),
  try_files: d(SL, 2, ANY),
  return: d(SL, 1, 2),
  rewrite: d(SL, 2, 3),
  set: d(SL, 2),
  allow: d(HSL, 1),
  deny: d(HSL, 1),
  internal: d(["location"], 0),
  proxy_pass: d(["location"], 1),
  proxy_set_header: d(HSL, 2),
  proxy_http_version: d(HSL, 1),
  proxy_connect_timeout: d(HSL, 1),
  proxy_read_timeout: d(HSL, 1),
  proxy_send_timeout: d(HSL, 1),
  proxy_buffering: flag(HSL),
  proxy_redirect: d(HSL, 1, 2),
};

/** Within an `upstream` block, `server` names a peer: a statement, not a block. */
export const UPSTREAM_SERVER: DirectiveSpec = d(["upstream"], 1, ANY);
