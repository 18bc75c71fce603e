/** What nginx keeps of a configuration it loaded: the servers it answers with, and how. */

/** The settings a level (http, server, location) may give; a lower level inherits what it leaves out. */
export interface Scope {
  root?: string;
  /** A location's `alias`: its prefix replaced by this path. */
  alias?: string;
  index?: readonly string[];
  /** Replaced, not merged, by a lower level that has any. */
  headers?: readonly (readonly [string, string])[];
  defaultType?: string;
  ret?: { readonly code: number; readonly text?: string };
  proxy?: Upstream;
  /** proxy_connect_timeout: how long nginx waits for an upstream's handshake. */
  connectTimeoutMs?: number;
}

export interface Upstream {
  /** As written after `http://` (`backend:8080`), for the error log's `upstream:`. */
  readonly host: string;
  readonly address: string;
  readonly port: number;
  /** The URI part of proxy_pass, if any: it replaces the location's prefix. */
  readonly uri?: string;
}

export interface NginxLocation extends Scope {
  readonly mod: "" | "=" | "^~" | "~" | "~*" | "@";
  readonly path: string;
  readonly locations: NginxLocation[];
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

/** The location a URI is served by: an exact match, else the longest prefix (regex locations are not modelled). */
export function locationFor(locations: readonly NginxLocation[], uri: string): NginxLocation[] {
  const exact = locations.find((l) => l.mod === "=" && l.path === uri);
  if (exact) return [exact];
  let best: NginxLocation | undefined;
  for (const l of locations) {
    if ((l.mod === "" || l.mod === "^~") && uri.startsWith(l.path) && (!best || l.path.length > best.path.length))
      best = l;
  }
  if (!best) return [];
  return [best, ...locationFor(best.locations, uri)];
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
  }
  return out;
}
