/** How curl 7.88 splits a URL into what it connects to and what it sends as Host:. */
export interface Url {
  /** Lower-cased, `http` when the URL names none. */
  readonly scheme: string;
  readonly host: string;
  readonly port: number;
  readonly path: string;
  /** What curl sends as Host: (the port only when it is not the scheme's default). */
  readonly hostHeader: string;
}

/** The schemes Debian's libcurl 7.88 was built with, and the port each defaults to. */
const DEFAULT_PORT: Readonly<Record<string, number>> = {
  http: 80,
  https: 443,
  ftp: 21,
  ftps: 990,
  dict: 2628,
  gopher: 70,
  gophers: 70,
  imap: 143,
  imaps: 993,
  ldap: 389,
  ldaps: 636,
  mqtt: 1883,
  pop3: 110,
  pop3s: 995,
  rtsp: 554,
  scp: 22,
  sftp: 22,
  smb: 445,
  smbs: 445,
  smtp: 25,
  smtps: 465,
  telnet: 23,
  tftp: 69,
  file: 0,
};

/** Whether libcurl knows SCHEME; an unknown one fails before any connection (exit 1). */
export function supportedScheme(scheme: string): boolean {
  return Object.hasOwn(DEFAULT_PORT, scheme);
}

export function parseUrl(raw: string, pathAsIs = false): Url | undefined {
  // An IPv6 literal is written in brackets (`http://[::1]:2024/`); Host: keeps them.
  const m = /^(?:([a-z][a-z0-9+.-]*):\/\/)?(\[[0-9a-f:.]+(?:%25[\w.~-]+)?\]|[^/:?#[\]]+)(?:(:)(\d*))?([/?#].*)?$/i.exec(
    raw,
  );
  if (!m) return undefined;
  // An empty port stands for the scheme's own, but only where a scheme is written.
  if (m[3] === ":" && m[4] === "" && m[1] === undefined) return undefined;
  const scheme = (m[1] ?? "http").toLowerCase();
  const def = DEFAULT_PORT[scheme] ?? 80;
  const port = m[4] ? Number(m[4]) : def;
  if (port > 65535) return undefined;
  const rest = (m[5] ?? "").replace(/#.*$/, "");
  const target = rest === "" ? "/" : rest.startsWith("?") ? "/" + rest : rest;
  const path = pathAsIs ? target : dropDotSegments(target);
  const literal = m[2]!;
  // A zone (`%25eth0`) picks the interface of a link-local address; what is dialled and
  // named in errors is the address alone.
  const host = literal.startsWith("[") ? literal.slice(1, -1).replace(/%25.*$/, "") : literal;
  return { scheme, host, port, path, hostHeader: port === def ? literal : `${literal}:${port}` };
}

/**
 * libcurl's URL parser resolves `.` and `..` in the path before sending it (RFC 3986's
 * remove_dot_segments; not in the query), so `/../etc/passwd` asks for `/etc/passwd`.
 */
export function dropDotSegments(target: string): string {
  const q = target.indexOf("?");
  const path = q < 0 ? target : target.slice(0, q);
  if (!/(^|\/)\.\.?(\/|$)/.test(path)) return target;
  const out: string[] = [];
  const parts = path.split("/").slice(1);
  parts.forEach((seg, i) => {
    const last = i === parts.length - 1;
    if (seg === "..") out.pop();
    if (seg === "." || seg === "..") {
      if (last) out.push("");
    } else out.push(seg);
  });
  return "/" + out.join("/") + (q < 0 ? "" : target.slice(q));
}

/** A URL curl's globber refuses: its words, and the 1-based position its caret points at. */
export interface GlobError {
  readonly msg: string;
  readonly pos: number;
}

/** `[…]` that curl_url accepts as an IPv6 literal is skipped by the globber, not parsed as a range. */
function ipv6Literal(s: string, i: number): number {
  const end = s.indexOf("]", i);
  if (end < 0) return 0;
  const inner = s.slice(i + 1, end);
  return /^[0-9a-f:.]*:[0-9a-f:.]*(%25[\w.~-]+)?$/i.test(inner) ? end - i + 1 : 0;
}

/**
 * tool_urlglob.c's glob_range, for its refusals only: a range that parses is a real glob
 * (several transfers), which the lab does not run; it then falls through to the URL parser.
 */
function rangeError(s: string, start: number): GlobError | undefined {
  const at = (i: number) => s[i] ?? "";
  const c = at(start);
  if (/[A-Za-z]/.test(c)) {
    const m = /^([A-Za-z])-([A-Za-z])(?::(\d+))?\]/.exec(s.slice(start));
    const step = m?.[3] !== undefined ? Number(m[3]) : 1;
    const lo = m?.[1]!.charCodeAt(0) ?? 0;
    const hi = m?.[2]!.charCodeAt(0) ?? 0;
    const ok = m && step > 0 && (lo === hi ? step === 1 : lo < hi && step <= hi - lo && hi - lo <= 25);
    return ok ? undefined : { msg: "bad range", pos: start + 1 };
  }
  if (/\d/.test(c)) {
    let i = start;
    while (/\d/.test(at(i))) i++;
    if (at(i) !== "-") return { msg: "bad range", pos: start + 1 };
    let p = i + 1;
    while (at(p) === " " || at(p) === "\t") p++;
    if (!/\d/.test(at(p))) return { msg: "bad range", pos: p + 1 };
    const lo = Number(s.slice(start, i));
    let e = p;
    while (/\d/.test(at(e))) e++;
    const hi = Number(s.slice(p, e));
    let step = 1;
    if (at(e) === ":") {
      p = e + 1;
      e = p;
      while (/\d/.test(at(e))) e++;
      step = Number(s.slice(p, e) || "0");
    }
    if (at(e) !== "]") return { msg: "bad range", pos: p + 1 };
    const ok = step > 0 && (lo === hi ? step === 1 : lo < hi && step <= hi - lo);
    return ok ? undefined : { msg: "bad range", pos: e + 2 };
  }
  return { msg: "bad range specification", pos: start + 1 };
}

/**
 * tool_urlglob.c's glob_set, in one walk: START is just past `{`. A backslash inside a
 * set keeps the next character whatever it is (`{a\,b,c}` is `a,b` and `c`), unlike
 * outside one, where it escapes only `{[}]`.
 */
function parseSet(s: string, start: number): { alts: string[]; end: number } | GlobError {
  const alts: string[] = [];
  let cur = "";
  for (let i = start; ; i++) {
    const c = s[i];
    if (c === undefined) return { msg: "unmatched brace", pos: start };
    if (c === "{" || c === "[") return { msg: "nested brace", pos: i + 1 };
    if (c === "]") return { msg: "unexpected close bracket", pos: i + 1 };
    if (c === "}") {
      if (i === start) return { msg: "empty string within braces", pos: i + 1 };
      alts.push(cur);
      return { alts, end: i + 1 };
    }
    if (c === ",") {
      alts.push(cur);
      cur = "";
    } else if (c === "\\" && s[i + 1] !== undefined) cur += s[++i];
    else cur += c;
  }
}

function isGlobError(x: object): x is GlobError {
  return "msg" in x;
}

/**
 * What curl's URL globber (on unless -g) says about RAW before any transfer starts. Its
 * position counter does not step over a set's closing `}`, so every set before the fault
 * moves the caret one to the left; curl 7.88 prints it so, and so does the lab.
 */
export function globError(raw: string): GlobError | undefined {
  let lag = 0;
  const at = (e: GlobError): GlobError => ({ ...e, pos: e.pos - lag });
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c === "\\" && "{[}]".includes(raw[i + 1] ?? "")) i++;
    else if (c === "[") {
      const skip = ipv6Literal(raw, i) || (raw[i + 1] === "]" ? 2 : 0);
      if (skip) i += skip - 1;
      else {
        const e = rangeError(raw, i + 1);
        if (e) return at(e);
        i = raw.indexOf("]", i);
      }
    } else if (c === "{") {
      const set = parseSet(raw, i + 1);
      if (isGlobError(set)) return at(set);
      i = set.end - 1;
      lag++;
    } else if (c === "}" || c === "]") return at({ msg: "unmatched close brace/bracket", pos: i + 1 });
  }
  return undefined;
}

/** curl stops expanding at this many URLs from one operand; the lab runs no more than that. */
const MAX_GLOB_URLS = 256;

/** The alternatives of one `{a,b}` set or `[1-3]`/`[a-c:2]` range (already known to be well formed). */
function alternatives(s: string, i: number): { alts: string[]; end: number } {
  if (s[i] === "{") {
    const set = parseSet(s, i + 1);
    return isGlobError(set) ? { alts: [""], end: s.length } : set;
  }
  const close = s.indexOf("]", i);
  const m = /^(\w+)-(\w+)(?::(\d+))?$/.exec(s.slice(i + 1, close))!;
  const step = Number(m[3] ?? "1");
  const alts: string[] = [];
  if (/^\d/.test(m[1]!)) {
    const width = m[1]!.startsWith("0") ? m[1]!.length : 0;
    for (let n = Number(m[1]); n <= Number(m[2]) && alts.length < MAX_GLOB_URLS; n += step)
      alts.push(String(n).padStart(width, "0"));
  } else {
    for (let c = m[1]!.charCodeAt(0); c <= m[2]!.charCodeAt(0); c += step) alts.push(String.fromCharCode(c));
  }
  return { alts, end: close + 1 };
}

/** The URLs RAW's globs stand for, first glob slowest, as curl walks them. */
export function expandGlobs(raw: string): string[] {
  let out = [""];
  let lit = "";
  const flush = () => {
    out = out.map((p) => p + lit);
    lit = "";
  };
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c === "\\" && "{[}]".includes(raw[i + 1] ?? "")) lit += raw[++i];
    else if (c === "[" && (ipv6Literal(raw, i) || raw[i + 1] === "]")) {
      const n = ipv6Literal(raw, i) || 2;
      lit += raw.slice(i, i + n);
      i += n - 1;
    } else if (c === "{" || c === "[") {
      flush();
      const { alts, end } = alternatives(raw, i);
      out = out.flatMap((p) => alts.map((a) => p + a)).slice(0, MAX_GLOB_URLS);
      i = end - 1;
    } else lit += c;
  }
  flush();
  return out;
}
