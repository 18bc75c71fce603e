/**
 * One request through a learner's nginx configuration, phase by phase as nginx runs it:
 * the server's rewrites, the location search, the location's rewrites and `return`,
 * `internal`, try_files, then the content (proxy_pass, an index, a directory listing or a
 * file). An error status meets error_page once; index files, try_files' fallback,
 * `rewrite … last` and error pages change the URI, and nginx ends the eleventh change
 * with a 500.
 */
import type { KernelWorld } from "../kernel/types.ts";
import type { Container } from "../docker/types.ts";
import {
  effective,
  serverFor,
  type NginxConf,
  type NginxLocation,
  type NginxServer,
  type Scope,
  type ScriptOp,
} from "../machines/images/nginx-conf/model.ts";
import { findLocation, regexOf } from "../machines/images/nginx-conf/locations.ts";
import { accessAllows } from "../machines/images/nginx-conf/access.ts";
import type { HttpResponse } from "./http.ts";
import type { LoggedError, ProxyResult } from "./nginx-proxy.ts";
import { autoindexResponse } from "./nginx-autoindex.ts";
import { decoded } from "./nginx-uri.ts";
import { expandVars, type VarState } from "./nginx-vars.ts";
import { added, fileResponse, hasPage, made, openFile, statusPage, typeOf, type SiteRequest } from "./nginx-site.ts";
import { EPOCH_MS } from "../kernel/clock.ts";
import { byteLength } from "../kernel/stack/packet.ts";

/** NGX_HTTP_MAX_URI_CHANGES: internal redirects one request may take. */
const MAX_URI_CHANGES = 10;
/** Phases one request may pass through; each round costs a URI change, so this is never reached. */
const MAX_ROUNDS = 64;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** proxy_pass's exchange (nginx-proxy.ts): the answer, and nginx's own error when it got none. */
export type ProxyFn = (up: NonNullable<Scope["proxy"]>, scope: Scope, path: string) => ProxyResult;

/** What a request came to. */
export interface Handled {
  readonly server: NginxServer | undefined;
  readonly response: HttpResponse;
  /** Error-log messages, in order. */
  readonly errors: readonly LoggedError[];
}

interface State {
  uri: string;
  args: string;
  captures: readonly string[];
  /** Set by rewrites and internal redirects: `internal` locations let the request in. */
  internal: boolean;
  /** The error page was already taken: nginx follows error_page once. */
  errorPaged: boolean;
  /** The status an error page answers with, unless it fails itself; undefined: its own. */
  errStatus?: number;
  changes: number;
  method: string;
  /** Variables `set` gave a value in this request. */
  user: Record<string, string>;
}

function splitUri(path: string): { uri: string; args: string } {
  const q = path.indexOf("?");
  const raw = (q < 0 ? path : path.slice(0, q)).replace(/#.*$/, "");
  return { uri: decoded(raw), args: q < 0 ? "" : path.slice(q + 1) };
}

/** `http://host[:port]`, as nginx makes a relative Location absolute: the Host header's name, its own port. */
function origin(r: SiteRequest, server: NginxServer): string {
  const host = r.req.host.replace(/:\d+$/, "") || server.names[0] || "localhost";
  return `http://${host}${r.port === 80 ? "" : ":" + r.port}`;
}

type ScriptEnd =
  | { readonly kind: "next" }
  | { readonly kind: "last" }
  | { readonly kind: "respond"; readonly code: number; readonly text?: string; readonly location?: string };

/** The rewrite module's statements of one level, in order, until one ends them. */
function runScript(ops: readonly ScriptOp[] | undefined, s: State, vars: () => VarState): ScriptEnd {
  for (const op of ops ?? []) {
    if (op.op === "set") {
      s.user[op.name] = expandVars(op.value, vars());
      continue;
    }
    if (op.op === "return") {
      const text = op.text !== undefined ? expandVars(op.text, vars()) : undefined;
      return { kind: "respond", code: op.code, ...(text !== undefined ? { text } : {}) };
    }
    const m = regexOf(op, op.regex, false)?.exec(s.uri);
    if (!m) continue;
    s.captures = m.map((x) => x ?? "");
    const to = expandVars(op.to, vars());
    const q = to.indexOf("?");
    const target = q < 0 ? to : to.slice(0, q);
    // A replacement with its own arguments puts the request's after them, nginx's default.
    const args = q < 0 ? s.args : to.slice(q + 1) + (s.args !== "" ? "&" + s.args : "");
    if (op.flag === "redirect" || op.flag === "permanent" || /^https?:\/\//.test(target)) {
      const location = target + (args !== "" ? "?" + args : "");
      return { kind: "respond", code: op.flag === "permanent" ? 301 : 302, location };
    }
    s.uri = target;
    s.args = args;
    s.internal = true;
    if (op.flag === "last") return { kind: "last" };
    if (op.flag === "break") return { kind: "next" };
  }
  return { kind: "next" };
}

export function handleRequest(
  world: KernelWorld,
  c: Container,
  conf: NginxConf,
  r: SiteRequest,
  proxy?: ProxyFn,
): Handled {
  const server = serverFor(conf, r.addr, r.port, r.req.host);
  const errors: LoggedError[] = [];
  if (!server) return { server, errors, response: made(r.now, 404, "text/html", statusPage(404)) };
  const s: State = {
    ...splitUri(r.req.path),
    captures: [],
    internal: false,
    errorPaged: false,
    changes: MAX_URI_CHANGES + 1,
    method: r.req.method,
    user: {},
  };
  const vars = (): VarState => ({ r, server, uri: s.uri, args: s.args, captures: s.captures, user: s.user });
  let phase: "server" | "find" | "named" = "server";
  /** What made the next round: a `rewrite … last`, or an internal redirect (index, try_files, error_page). */
  let cause: "rewrite" | "internal" = "internal";
  let named: NginxLocation | undefined;
  let scope: Scope = effective([conf.http, server]);
  const done = (response: HttpResponse): Handled => ({ server, errors, response });

  /** A status nginx answers with its own page, or hands to error_page. */
  const fail = (status: number, error?: string, upstream?: string): HttpResponse | undefined => {
    if (error !== undefined) errors.push({ msg: error, ...(upstream !== undefined ? { upstream } : {}) });
    const page = !s.errorPaged ? scope.errorPages?.find((p) => p.codes.includes(status)) : undefined;
    if (!page) {
      if (!hasPage(status)) return made(r.now, status, "", "", added(scope, status));
      return made(r.now, status, "text/html", statusPage(status), added(scope, status));
    }
    s.errorPaged = true;
    s.errStatus = page.override === "=" ? undefined : (page.override ?? status);
    s.internal = true;
    if (s.method !== "HEAD") s.method = "GET";
    if (page.uri.startsWith("@")) {
      named = server.locations.find((l) => l.mod === "@" && l.path === page.uri);
      if (!named) return made(r.now, status, "text/html", statusPage(status), added(scope, status));
      phase = "named";
      return undefined;
    }
    if (/^https?:\/\//.test(page.uri)) {
      const code = page.override !== undefined && page.override !== "=" ? page.override : 302;
      return made(r.now, code, "text/html", statusPage(code), [`Location: ${page.uri}`], { locationLast: true });
    }
    Object.assign(s, splitUri(page.uri));
    phase = "server";
    return undefined;
  };
  /** The status an answer goes out with once an error page made it. */
  const withStatus = (status: number) => s.errStatus ?? status;

  for (let round = 0; round < MAX_ROUNDS; round++) {
    // Each round after the first is a URI change; nginx takes ten and ends the eleventh.
    if (round > 0 && --s.changes === 0) {
      const why =
        phase === "named"
          ? `redirect to named location "${named?.path ?? ""}"`
          : cause === "rewrite"
            ? `processing "${s.uri}"`
            : `internally redirecting to "${s.uri}"`;
      errors.push({ msg: `rewrite or internal redirection cycle while ${why}` });
      return done(made(r.now, 500, "text/html", statusPage(500), [], { close: true }));
    }
    cause = "internal";
    if (phase === "server") {
      const end = runScript(server.script, s, vars);
      if (end.kind === "respond") {
        const res = respond(end);
        if (res) return done(res);
        continue;
      }
    }
    let levels: NginxLocation[];
    if (phase === "named" && named) levels = [named];
    else {
      const found = findLocation(server.locations, s.uri);
      levels = found.levels;
      if (found.captures) s.captures = found.captures;
    }
    phase = "find";
    const inner = levels[levels.length - 1];
    scope = effective([conf.http, server, ...levels]);
    const end = runScript(inner?.script, s, vars);
    if (end.kind === "respond") {
      const res = respond(end);
      if (res) return done(res);
      continue;
    }
    if (end.kind === "last") {
      cause = "rewrite";
      continue;
    }
    if (inner?.internal && !s.internal) {
      const res = fail(404);
      if (res) return done(res);
      continue;
    }
    // The access phase comes after the rewrite phase: a `return` answers before any `deny`.
    if (!accessAllows(scope.access, r.client)) {
      const res = fail(403, "access forbidden by rule");
      if (res) return done(res);
      continue;
    }
    const base = (uri: string) =>
      scope.alias !== undefined && inner
        ? inner.mod === "~" || inner.mod === "~*"
          ? expandVars(scope.alias, vars())
          : scope.alias + uri.slice(inner.path.length)
        : (scope.root ?? "/usr/share/nginx/html") + uri;
    if (scope.tryFiles && inner?.mod !== "@") {
      const list = scope.tryFiles;
      let hit = false;
      for (const cand of list.slice(0, -1)) {
        const dir = cand.endsWith("/");
        const name = expandVars(dir ? cand.slice(0, -1) : cand, vars());
        const got = openFile(world, c, base(name));
        if (dir ? got === "dir" : typeof got === "object") {
          s.uri = name;
          hit = true;
          break;
        }
      }
      if (!hit) {
        const last = list[list.length - 1]!;
        if (/^=\d+$/.test(last)) {
          const res = fail(Number(last.slice(1)));
          if (res) return done(res);
          continue;
        }
        if (last.startsWith("@")) {
          named = server.locations.find((l) => l.mod === "@" && l.path === last);
          phase = "named";
          continue;
        }
        Object.assign(s, splitUri(expandVars(last, vars())));
        s.internal = true;
        phase = "server";
        continue;
      }
    }
    if (inner?.proxy && proxy) {
      // An unchanged URI goes upstream as the client sent it; a rewritten one as it now stands.
      const sent = s.internal ? s.uri + (s.args !== "" ? "?" + s.args : "") : r.req.path;
      const up = inner.proxy;
      const a = proxy(up, scope, up.uri !== undefined ? up.uri + sent.slice(inner.path.length) : sent);
      errors.push(...(a.tried ?? []));
      // Only nginx's own failures meet error_page; an upstream's error status passes through.
      if (a.error === undefined) return done(a.response);
      const res = fail(a.response.status, a.error, a.upstream);
      errors.push(...(a.after ?? []));
      if (res) return done(res);
      continue;
    }
    // The static module refuses other methods first; POST it refuses only once it has found the file.
    const reads = s.method === "GET" || s.method === "HEAD";
    const known = reads || s.method === "POST";
    if (!known) {
      const res = fail(405);
      if (res) return done(res);
      continue;
    }
    const path = base(s.uri);
    if (s.uri.endsWith("/")) {
      const index = scope.index ?? ["index.html"];
      const found = index.find((i) => typeof openFile(world, c, path + i) === "object");
      if (found !== undefined) {
        s.uri += found;
        s.internal = true;
        phase = "server";
        continue;
      }
      const isDir = openFile(world, c, path.replace(/\/$/, "") || "/") === "dir";
      if (isDir && reads && scope.autoindex) return done(autoindexResponse(world, c, r.now, s.uri, path, s.method));
      const res = isDir
        ? fail(403, `directory index of "${path}" is forbidden`)
        : fail(404, `"${path}${index[0]}" is not found (2: No such file or directory)`);
      if (res) return done(res);
      continue;
    }
    const file = openFile(world, c, path);
    if (file === "dir") {
      const location = `${origin(r, server)}${s.uri}/${s.args !== "" ? "?" + s.args : ""}`;
      return done(made(r.now, 301, "text/html", statusPage(301), [`Location: ${location}`, ...added(scope, 301)]));
    }
    const res =
      file === "denied"
        ? fail(403, `open() "${path}" failed (13: Permission denied)`)
        : file === undefined
          ? fail(404, `open() "${path}" failed (2: No such file or directory)`)
          : !reads
            ? fail(405)
            : fileResponse(
                r.now,
                { text: file.text, type: typeOf(conf, scope, path), size: byteLength(file.text), mtime: EPOCH_MS },
                added(scope, withStatus(200)),
                withStatus(200),
              );
    if (res) return done(res);
  }
  errors.push({ msg: `rewrite or internal redirection cycle while processing "${s.uri}"` });
  return done(made(r.now, 500, "text/html", statusPage(500), [], { close: true }));

  /** A `return` or a redirecting rewrite: the answer, or undefined when error_page takes it on. */
  function respond(end: Extract<ScriptEnd, { kind: "respond" }>): HttpResponse | undefined {
    const code = withStatus(end.code);
    if (end.location !== undefined) {
      const whole = /^https?:\/\//.test(end.location);
      const location = whole ? end.location : origin(r, server!) + end.location;
      return made(r.now, code, "text/html", statusPage(code), [`Location: ${location}`, ...added(scope, code)], {
        locationLast: whole,
      });
    }
    const text = end.text;
    if (REDIRECTS.has(end.code) && text !== undefined) {
      const whole = !text.startsWith("/");
      const location = whole ? text : origin(r, server!) + text;
      return made(r.now, code, "text/html", statusPage(code), [`Location: ${location}`, ...added(scope, code)], {
        locationLast: whole,
      });
    }
    if (text === undefined && end.code >= 300) return fail(end.code);
    return made(r.now, code, scope.defaultType ?? "text/plain", text ?? "", added(scope, code));
  }
}
