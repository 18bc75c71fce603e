/** What nginx keeps of a configuration it loaded: the servers it answers with, and how. */
import type { AccessRule } from "./access.ts";

/** The settings a level (http, server, location) may give; a lower level inherits what it leaves out. */
export interface Scope {
  root?: string;
  /** A location's `alias`: its prefix replaced by this path. */
  alias?: string;
  index?: readonly string[];
  /** Replaced, not merged, by a lower level that has any; the third is add_header's `always`. */
  headers?: readonly (readonly [string, string, boolean?])[];
  defaultType?: string;
  proxy?: Upstream;
  /** proxy_connect_timeout: how long nginx waits for an upstream's handshake. */
  connectTimeoutMs?: number;
  /** try_files: the candidates, the last one being where nginx goes when none exists. */
  tryFiles?: readonly string[];
  /** error_page: replaced, not merged, by a lower level that has any. */
  errorPages?: readonly ErrorPage[];
  /** The rewrite module's statements (rewrite, return) in file order: a level's own, not inherited. */
  script?: readonly ScriptOp[];
  autoindex?: boolean;
  /** A `types` block below http: extension → type, in place of the http block's. */
  types?: Record<string, string>;
  /** allow/deny, in order: replaced, not merged, by a lower level that has any. */
  access?: readonly AccessRule[];
}

export interface ErrorPage {
  readonly codes: readonly number[];
  /** `=CODE`: the status sent instead; `=` alone: the status the page itself ends with. */
  readonly override?: number | "=";
  readonly uri: string;
}

export type ScriptOp =
  | {
      readonly op: "rewrite";
      readonly regex: string;
      readonly to: string;
      readonly flag?: "last" | "break" | "redirect" | "permanent";
    }
  | { readonly op: "return"; readonly code: number; readonly text?: string }
  /** `set $name value`: the name without its `$`. */
  | { readonly op: "set"; readonly name: string; readonly value: string };

export interface Upstream {
  /** As written after `http://` (`backend:8080`), for the error log's `upstream:`. */
  readonly host: string;
  readonly address: string;
  readonly port: number;
  /** The URI part of proxy_pass, if any: it replaces the location's prefix. */
  readonly uri?: string;
  /** An `upstream` block's name and its servers in file order, which nginx takes in turn. */
  readonly group?: { readonly name: string; readonly peers: readonly UpstreamPeer[] };
}

/** One `server` of an upstream block, resolved when the configuration was read. */
export interface UpstreamPeer {
  readonly address: string;
  readonly port: number;
}

export interface NginxLocation extends Scope {
  readonly mod: "" | "=" | "^~" | "~" | "~*" | "@";
  readonly path: string;
  readonly locations: NginxLocation[];
  /** `internal`: reached by internal redirects only, a 404 to a client's own request. */
  internal?: boolean;
}

export interface Listen {
  readonly addr: string;
  readonly port: number;
  readonly defaultServer: boolean;
}

export interface NginxServer extends Scope {
  listens: Listen[];
  names: string[];
  readonly locations: NginxLocation[];
}

export interface NginxConf {
  user?: string;
  pid: string;
  http: Scope;
  servers: NginxServer[];
  /** Extension → type from `types` blocks (mime.types); nginx's three when none. */
  types?: Record<string, string>;
  /** The access log's format, or none when it does not reach the container's stdout. */
  access: "main" | "combined" | "off";
  /** log_format names defined, and whether each logs $http_x_forwarded_for (the image's `main`). */
  formats: Record<string, boolean>;
  accessFormat?: string;
  accessPath?: string;
  /** error_log's level (the image's file says `warn`); without one nginx logs from `error` up. */
  errorLevel?: string;
}

export function emptyConf(): NginxConf {
  return { pid: "/run/nginx.pid", http: {}, servers: [], access: "combined", formats: {} };
}

/** `0.0.0.0:80`, `[::]:80`: how nginx names a listening address in its messages. */
export function listenName(l: Listen): string {
  return l.addr.includes(":") ? `[${l.addr}]:${l.port}` : `${l.addr}:${l.port}`;
}

/**
 * The server that answers a connection to `port` with `Host: host`: among those listening
 * there, the one naming the host, else the default_server, else the first defined.
 */
export function serverFor(conf: NginxConf, addr: string, port: number, host: string): NginxServer | undefined {
  const six = addr.includes(":");
  const on = (l: Listen) => l.port === port && (l.addr === addr || l.addr === (six ? "::" : "0.0.0.0"));
  const exact = conf.servers.filter((s) => s.listens.some((l) => l.port === port && l.addr === addr));
  const group = exact.length > 0 ? exact : conf.servers.filter((s) => s.listens.some(on));
  const name = host.replace(/:\d+$/, "").toLowerCase();
  return (
    group.find((s) => s.names.some((n) => n.toLowerCase() === name)) ??
    group.find((s) => s.listens.some((l) => on(l) && l.defaultServer)) ??
    group[0]
  );
}

/** What applies at the innermost level: each setting from the nearest level that gives it (proxy_pass and return are a level's own). */
export function effective(levels: readonly Scope[]): Scope {
  const out: Scope = {};
  for (const s of levels) {
    if (s.root !== undefined) {
      out.root = s.root;
      delete out.alias;
    }
    if (s.alias !== undefined) out.alias = s.alias;
    if (s.index !== undefined) out.index = s.index;
    if (s.headers !== undefined) out.headers = s.headers;
    if (s.defaultType !== undefined) out.defaultType = s.defaultType;
    if (s.connectTimeoutMs !== undefined) out.connectTimeoutMs = s.connectTimeoutMs;
    if (s.tryFiles !== undefined) out.tryFiles = s.tryFiles;
    if (s.errorPages !== undefined) out.errorPages = s.errorPages;
    if (s.autoindex !== undefined) out.autoindex = s.autoindex;
    if (s.types !== undefined) out.types = s.types;
    if (s.access !== undefined) out.access = s.access;
  }
  return out;
}
