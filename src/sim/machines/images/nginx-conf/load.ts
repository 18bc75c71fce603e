/**
 * nginx reading its configuration (ngx_conf_parse and the handlers it calls): statement by
 * statement, each checked against the directive table and handled as it ends, includes
 * read where they stand, so the first thing wrong in file order is what nginx reports,
 * with the file and line. What it loads is the model servers answer with (model.ts).
 */
import { DIRECTIVES, UPSTREAM_SERVER, type Context } from "./directives.ts";
import {
  emptyConf,
  listenName,
  type NginxConf,
  type NginxLocation,
  type NginxServer,
  type Scope,
  type UpstreamPeer,
} from "./model.ts";
import { Tokens } from "./tokens.ts";
import { parseNginxTime } from "./time.ts";
import { checkFlag, ConfError, parseListen, parseReturn } from "./parse.ts";
import { checkRegex, siteDirective } from "./site-directives.ts";
import { checkVariables } from "./variables.ts";

/** What nginx can see of the machine it runs on. */
export interface ConfIO {
  /** A file's text, or why it cannot be opened (`2: No such file or directory`). */
  read(path: string): string | { readonly error: string };
  /** The files a wildcard names, in the sorted order glob(3) gives. */
  glob(pattern: string): readonly string[];
  /** The IPv4 address a host name resolves to there, if any. */
  resolve(host: string): string | undefined;
  hasUser(name: string): boolean;
  isDir(path: string): boolean;
}

export type LoadResult =
  | {
      readonly ok: true;
      readonly conf: NginxConf;
      readonly warnings: readonly string[];
      readonly files: readonly (readonly [string, string])[];
    }
  | {
      readonly ok: false;
      readonly error: string;
      readonly warnings: readonly string[];
      readonly files: readonly (readonly [string, string])[];
    };

/** nginx's --prefix: where a relative root points. */
const PREFIX = "/usr/share/nginx/";
/** How deep includes may nest (nginx has no limit; a file including itself would never end). */
const MAX_INCLUDE_DEPTH = 10;
/** How many files one configuration may read. */
const MAX_FILES = 200;

interface Frame {
  readonly ctx: Context;
  readonly scope: Scope;
  readonly server?: NginxServer;
  readonly locations?: NginxLocation[];
  /** The name of the `upstream` block being read. */
  readonly upstream?: string;
}

/** A proxy_pass waiting for the http block's end, when nginx resolves the hosts it names. */
interface Pending {
  readonly scope: Scope;
  readonly host: string;
  readonly hostport: string;
  readonly port: number;
  readonly explicitPort: boolean;
  readonly uri?: string;
  readonly at: string;
}

class Loader {
  readonly conf = emptyConf();
  readonly warnings: string[] = [];
  readonly files: [string, string][] = [];
  private depth = 0;
  private readonly pending: Pending[] = [];
  /** Each upstream block's servers, in the order they are written. */
  private readonly upstreams = new Map<string, UpstreamPeer[]>();

  constructor(
    private readonly io: ConfIO,
    private readonly prefix: string,
  ) {}

  file(path: string, frame: Frame, at?: string): void {
    const text = this.io.read(path);
    if (typeof text !== "string") {
      const call = text.error.startsWith("21:") ? "pread()" : "open()";
      throw new ConfError(`${call} "${path}" failed (${text.error})${at ?? ""}`);
    }
    if (this.files.length >= MAX_FILES || this.depth >= MAX_INCLUDE_DEPTH)
      throw new ConfError(`too many included files${at ?? ""}`);
    this.files.push([path, text]);
    this.depth++;
    this.block(new Tokens(text), path, frame, false);
    this.depth--;
  }

  private block(tokens: Tokens, file: string, frame: Frame, inner: boolean): void {
    const where = (line: number) => ` in ${file}:${line}`;
    // Every statement moves the tokenizer on, so the file's length bounds this loop.
    for (;;) {
      const st = tokens.next();
      if (st.kind === "error") throw new ConfError(st.message + where(st.line));
      if (st.kind === "eof") {
        if (inner) throw new ConfError('unexpected end of file, expecting "}"' + where(st.line));
        return;
      }
      if (st.kind === "close") {
        if (!inner) throw new ConfError('unexpected "}"' + where(st.line));
        return;
      }
      const [name, ...args] = st.words as [string, ...string[]];
      if (frame.ctx === "types") {
        if (st.end === "{") throw new ConfError(`unexpected "{"${where(st.line)}`);
        if (args.length === 0)
          throw new ConfError(`invalid number of arguments in "${name}" directive${where(st.line)}`);
        const table = frame.scope === this.conf.http ? (this.conf.types ??= {}) : (frame.scope.types ??= {});
        for (const ext of args) table[ext.toLowerCase()] = name;
        continue;
      }
      const spec = frame.ctx === "upstream" && name === "server" ? UPSTREAM_SERVER : DIRECTIVES[name];
      if (!spec) throw new ConfError(`unknown directive "${name}"${where(st.line)}`);
      if (!spec.ctx.includes(frame.ctx))
        throw new ConfError(`"${name}" directive is not allowed here${where(st.line)}`);
      if (spec.block && st.end !== "{") throw new ConfError(`directive "${name}" has no opening "{"${where(st.line)}`);
      if (!spec.block && st.end === "{")
        throw new ConfError(`directive "${name}" is not terminated by ";"${where(st.line)}`);
      if (args.length < spec.min || args.length > spec.max)
        throw new ConfError(`invalid number of arguments in "${name}" directive${where(st.line)}`);
      checkFlag(name, args, spec, where(st.line));
      const inner2 = this.handle(name, args, frame, where(st.line));
      if (inner2) this.block(tokens, file, inner2, true);
      if (name === "http") this.httpDone();
    }
  }

  /** A statement's effect; for a block, the frame its contents are read in. */
  private handle(name: string, args: readonly string[], frame: Frame, at: string): Frame | undefined {
    const scope = frame.scope;
    const c = this.conf;
    switch (name) {
      case "events":
        return { ctx: "events", scope: {} };
      case "http":
        return { ctx: "http", scope: c.http };
      case "types":
        // A server's or location's own types block replaces the http block's table for it.
        if (scope !== c.http) scope.types ??= {};
        return { ctx: "types", scope };
      case "upstream":
        this.upstreams.set(args[0]!, []);
        return { ctx: "upstream", scope: {}, upstream: args[0]! };
      case "server": {
        if (frame.upstream !== undefined) {
          this.peer(frame.upstream, args[0]!, at);
          return undefined;
        }
        const server: NginxServer = { listens: [], names: [], locations: [] };
        c.servers.push(server);
        return { ctx: "server", scope: server, server, locations: server.locations };
      }
      case "location": {
        const [mod, path] = args.length === 2 ? [args[0]!, args[1]!] : ["", args[0]!];
        if (!["", "=", "^~", "~", "~*"].includes(mod)) throw new ConfError(`invalid location modifier "${mod}"${at}`);
        if (mod === "~" || mod === "~*") checkRegex(path, mod === "~*", at);
        const loc: NginxLocation = {
          mod: path.startsWith("@") ? "@" : (mod as NginxLocation["mod"]),
          path,
          locations: [],
        };
        frame.locations!.push(loc);
        return {
          ctx: "location",
          scope: loc,
          ...(frame.server ? { server: frame.server } : {}),
          locations: loc.locations,
        };
      }
      case "internal":
        (scope as NginxLocation).internal = true;
        return undefined;
      case "include":
        this.include(args[0]!, frame, at);
        return undefined;
      case "user":
        c.user = args[0]!;
        if (!this.io.hasUser(c.user)) throw new ConfError(`getpwnam("${c.user}") failed${at}`);
        return undefined;
      case "pid":
        c.pid = args[0]!.startsWith("/") ? args[0]! : PREFIX + args[0]!;
        return undefined;
      case "listen":
        frame.server!.listens.push(parseListen(args, at));
        return undefined;
      case "server_name":
        frame.server!.names.push(...args.filter((n) => n !== ""));
        return undefined;
      case "root":
        scope.root = args[0]!.startsWith("/") ? args[0]! : PREFIX + args[0]!;
        return undefined;
      case "alias":
        scope.alias = args[0]!;
        return undefined;
      case "index":
        scope.index = [...(scope.index ?? []), ...args];
        return undefined;
      case "add_header":
        if (args[2] !== undefined && args[2] !== "always") throw new ConfError(`invalid parameter "${args[2]}"${at}`);
        scope.headers = [...(scope.headers ?? []), [args[0]!, args[1]!, args[2] === "always"]];
        return undefined;
      case "default_type":
        scope.defaultType = args[0]!;
        return undefined;
      case "return":
        scope.script = [...(scope.script ?? []), { op: "return", ...parseReturn(args, at) }];
        return undefined;
      case "proxy_connect_timeout": {
        const ms = parseNginxTime(args[0]!);
        if (ms === undefined) throw new ConfError(`"${name}" directive invalid value${at}`);
        scope.connectTimeoutMs = ms;
        return undefined;
      }
      case "proxy_pass":
        this.pending.push(parseProxy(scope, args[0]!, at));
        return undefined;
      case "log_format":
        c.formats[args[0]!] = args.slice(1).join("").includes("$http_x_forwarded_for");
        return undefined;
      case "error_log":
        // A lower level's own error_log is not kept apart from the main one's.
        c.errorLevel = args[1] ?? "error";
        return undefined;
      case "access_log":
        c.accessPath = args[0]!;
        if (args[1] !== undefined) c.accessFormat = args[1];
        return undefined;
      default:
        siteDirective(name, args, scope, at, (msg) => this.warnings.push(msg));
        return undefined;
    }
  }

  private include(pattern: string, frame: Frame, at: string): void {
    const path = pattern.startsWith("/") ? pattern : this.prefix + pattern;
    if (!/[*?[]/.test(path)) {
      this.file(path, frame, at);
      return;
    }
    for (const p of this.io.glob(path)) this.file(p, frame, at);
  }

  /** An upstream block's `server`: its host is resolved as it is read. */
  private peer(name: string, hostport: string, at: string): void {
    const m = /^([^:]*)(?::(\d+))?$/.exec(hostport);
    const address = m ? this.io.resolve(m[1]!) : undefined;
    if (address === undefined) throw new ConfError(`host not found in upstream "${hostport}"${at}`);
    this.upstreams.get(name)?.push({ address, port: Number(m![2] ?? 80) });
  }

  /** proxy_pass's hosts, resolved at the http block's end unless they name an upstream block. */
  private resolvePending(): void {
    for (const p of this.pending) {
      const peers = !p.explicitPort ? this.upstreams.get(p.host) : undefined;
      const named = peers?.[0];
      const address = named?.address ?? this.io.resolve(p.host.replace(/^\[|\]$/g, ""));
      if (address === undefined) throw new ConfError(`host not found in upstream "${p.host}"${p.at}`);
      const port = named?.port ?? p.port;
      p.scope.proxy = {
        host: p.hostport,
        address,
        port,
        ...(p.uri !== undefined ? { uri: p.uri } : {}),
        ...(peers && peers.length > 1 ? { group: { name: p.host, peers: [...peers] } } : {}),
      };
    }
  }

  /** The http block's end: servers without listen take *:80, and names taken twice on one address are dropped. */
  private httpDone(): void {
    this.resolvePending();
    checkVariables(this.conf);
    const seen = new Map<string, Set<string>>();
    for (const s of this.conf.servers) {
      if (s.listens.length === 0) s.listens.push({ addr: "0.0.0.0", port: 80, defaultServer: false });
      const kept: string[] = [];
      for (const n of s.names) {
        let dup = false;
        for (const l of s.listens) {
          const key = listenName(l);
          const names = seen.get(key) ?? new Set<string>();
          seen.set(key, names);
          if (names.has(n.toLowerCase())) {
            dup = true;
            this.warnings.push(`conflicting server name "${n}" on ${key}, ignored`);
          } else names.add(n.toLowerCase());
        }
        if (!dup) kept.push(n);
      }
      s.names = kept;
    }
  }
}

function parseProxy(scope: Scope, url: string, at: string): Pending {
  const m = /^https?:\/\/([^/]*)(\/.*)?$/i.exec(url);
  if (!m) throw new ConfError(`invalid URL prefix${at}`);
  const hostport = m[1]!;
  const hp = /^(\[[^\]]*\]|[^:]*)(?::(\d+))?$/.exec(hostport);
  const host = hp?.[1] ?? hostport;
  const port = hp?.[2] !== undefined ? Number(hp[2]) : 80;
  if (host === "" || port < 1 || port > 65535) throw new ConfError(`invalid host in upstream "${hostport}"${at}`);
  const uri = m[2];
  return {
    scope,
    host,
    hostport,
    port,
    explicitPort: hp?.[2] !== undefined,
    ...(uri !== undefined ? { uri } : {}),
    at,
  };
}

/**
 * Loads `path` and what it includes. `start`: a master starting up, which also needs its
 * pid file's directory (`-t` never writes the pid file).
 */
export function loadNginxConf(io: ConfIO, path: string, start = false): LoadResult {
  const prefix = path.replace(/[^/]*$/, "");
  const l = new Loader(io, prefix);
  try {
    l.file(path, { ctx: "main", scope: {} });
    const c = l.conf;
    // As root with no `user`, the workers run as nobody, whom this image's /etc/passwd lacks.
    if (c.user === undefined && !io.hasUser("nobody")) throw new ConfError('getpwnam("nobody") failed');
    if (start) {
      const dir = c.pid.replace(/\/[^/]*$/, "") || "/";
      if (!io.isDir(dir)) throw new ConfError(`open() "${c.pid}" failed (2: No such file or directory)`);
    }
    c.access = accessOf(c);
    return { ok: true, conf: c, warnings: l.warnings, files: l.files };
  } catch (e) {
    if (!(e instanceof ConfError)) throw e;
    return { ok: false, error: e.message, warnings: l.warnings, files: l.files };
  }
}

/** Whether the access log reaches the container's stdout, and in which format. */
function accessOf(c: NginxConf): NginxConf["access"] {
  const path = c.accessPath ?? "/var/log/nginx/access.log";
  if (path === "off" || (path !== "/var/log/nginx/access.log" && path !== "/dev/stdout")) return "off";
  const format = c.accessFormat ?? "combined";
  return c.formats[format] === true ? "main" : "combined";
}
