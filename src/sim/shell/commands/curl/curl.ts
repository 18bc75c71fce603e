/**
 * `curl` (7.88.1): resolves the host, walks a real TCP connection through the
 * simulated kernel and prints what curl prints — the body, or its error on stderr
 * with its exit code (6 unresolved, 7 refused/unreachable, 22 -f, 28 timeout,
 * 52 empty reply). The terminal is a tty, so there is no progress meter unless -o.
 */
import { writeFile } from "../../../kernel/files.ts";
import { abandon, httpExchange } from "../../../programs/http-exchange.ts";
import { advanceClock, createWalkState, worldOf } from "../../../kernel/stack/context.ts";
import { headText } from "../../../programs/http.ts";
import { byteLength } from "../../../kernel/stack/packet.ts";
import { resolveName } from "../../../programs/resolver.ts";
import type { Command, CommandResult } from "../../command.ts";

interface CurlOptions {
  silent: boolean;
  showError: boolean;
  verbose: boolean;
  head: boolean;
  include: boolean;
  fail: boolean;
  maxTime?: number;
  connectTimeout?: number;
  output?: string;
  writeOut?: string;
  userAgent?: string;
  url?: string;
}

const USAGE = "curl: try 'curl --help' or 'curl --manual' for more information\n";
/** How long an unanswered SYN takes to give up with net.ipv4.tcp_syn_retries=6. */
const SYN_GIVE_UP_MS = 131_072;
/** How long the kernel waits for an ARP answer before EHOSTUNREACH (3 probes, 1 s apart). */
const ARP_GIVE_UP_MS = 3072;
/** glibc's resolver: 5 s per try, 2 tries. */
const RESOLVER_GIVE_UP_MS = 10_000;

type Parsed = { ok: true; opts: CurlOptions } | { ok: false; stderr: string; exitCode: number };

const WITH_ARG: Readonly<Record<string, keyof CurlOptions>> = {
  "-m": "maxTime",
  "--max-time": "maxTime",
  "--connect-timeout": "connectTimeout",
  "-o": "output",
  "--output": "output",
  "-w": "writeOut",
  "--write-out": "writeOut",
  "-A": "userAgent",
  "--user-agent": "userAgent",
};
const FLAGS: Readonly<Record<string, keyof CurlOptions>> = {
  "-s": "silent",
  "--silent": "silent",
  "-S": "showError",
  "--show-error": "showError",
  "-v": "verbose",
  "--verbose": "verbose",
  "-I": "head",
  "--head": "head",
  "-i": "include",
  "--include": "include",
  "-f": "fail",
  "--fail": "fail",
};

function setArg(opts: CurlOptions, key: keyof CurlOptions, value: string, flag: string): string | undefined {
  if (key === "maxTime" || key === "connectTimeout") {
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0) return `curl: option ${flag}: expected a proper numerical parameter\n${USAGE}`;
    opts[key] = n;
  } else (opts as unknown as Record<string, string>)[key] = value;
  return undefined;
}

export function parseCurlArgs(argv: readonly string[]): Parsed {
  const opts: CurlOptions = {
    silent: false,
    showError: false,
    verbose: false,
    head: false,
    include: false,
    fail: false,
  };
  const bad = (flag: string): Parsed => ({
    ok: false,
    stderr: `curl: option ${flag}: is unknown\n${USAGE}`,
    exitCode: 2,
  });
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith("--")) {
      const flag = FLAGS[a];
      if (flag) (opts as unknown as Record<string, boolean>)[flag] = true;
      else if (WITH_ARG[a]) {
        const v = argv[++i];
        if (v === undefined)
          return { ok: false, stderr: `curl: option ${a}: requires parameter\n${USAGE}`, exitCode: 2 };
        const err = setArg(opts, WITH_ARG[a], v, a);
        if (err) return { ok: false, stderr: err, exitCode: 2 };
      } else return bad(a);
    } else if (a.startsWith("-") && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const f = `-${a[j]}`;
        if (FLAGS[f]) (opts as unknown as Record<string, boolean>)[FLAGS[f]] = true;
        else if (WITH_ARG[f]) {
          const rest = a.slice(j + 1);
          const v = rest !== "" ? rest : argv[++i];
          if (v === undefined)
            return { ok: false, stderr: `curl: option ${f}: requires parameter\n${USAGE}`, exitCode: 2 };
          const err = setArg(opts, WITH_ARG[f], v, f);
          if (err) return { ok: false, stderr: err, exitCode: 2 };
          break;
        } else return bad(f);
      }
    } else opts.url = a;
  }
  if (opts.url === undefined) return { ok: false, stderr: USAGE, exitCode: 2 };
  return { ok: true, opts };
}

export interface Url {
  readonly host: string;
  readonly port: number;
  readonly path: string;
  /** What curl sends as Host: (the port only when it is not the scheme's default). */
  readonly hostHeader: string;
}

export function parseUrl(raw: string): Url | undefined {
  const m = /^(?:(https?):\/\/)?([^/:?#]+)(?::(\d+))?([/?][^#]*)?/i.exec(raw);
  if (!m) return undefined;
  const scheme = (m[1] ?? "http").toLowerCase();
  const def = scheme === "https" ? 443 : 80;
  const port = m[3] !== undefined ? Number(m[3]) : def;
  if (port > 65535) return undefined;
  const path = m[4] === undefined ? "/" : m[4].startsWith("?") ? "/" + m[4] : m[4];
  const host = m[2]!;
  return { host, port, path, hostHeader: port === def ? host : `${host}:${port}` };
}

function writeOut(fmt: string, code: number): string {
  return fmt
    .replace(/%\{http_code\}/g, String(code).padStart(3, "0"))
    .replace(/\\n/g, "\n")
    .replace(/\\t/g, "\t");
}

export const curl: Command = (argv, ctx) => {
  const parsed = parseCurlArgs(argv);
  if (!parsed.ok) return { world: ctx.world, stdout: "", stderr: parsed.stderr, exitCode: parsed.exitCode };
  const o = parsed.opts;
  const url = parseUrl(o.url!);
  const showErr = !o.silent || o.showError;
  let verbose = "";
  const v = (line: string) => {
    if (o.verbose) verbose += line + "\n";
  };
  const st = createWalkState(ctx.world);
  const finish = (r: Omit<CommandResult, "world" | "events">): CommandResult => ({
    ...r,
    world: worldOf(st),
    events: st.events,
  });
  const failWith = (code: number, msg: string): CommandResult => {
    const wo = o.writeOut !== undefined ? writeOut(o.writeOut, 0) : "";
    return finish({ stdout: wo, stderr: verbose + (showErr ? `curl: (${code}) ${msg}\n` : ""), exitCode: code });
  };
  if (!url) return failWith(3, `URL using bad/illegal format or missing URL`);

  const limitMs = o.maxTime !== undefined ? Math.round(o.maxTime * 1000) : undefined;
  const res = resolveName(st, ctx.session.machine, "curl", url.host);
  if (res.kind === "timeout") {
    if (limitMs !== undefined && limitMs < RESOLVER_GIVE_UP_MS) {
      advanceClock(st, limitMs);
      return failWith(28, `Resolving timed out after ${limitMs} milliseconds`);
    }
    advanceClock(st, RESOLVER_GIVE_UP_MS);
    return failWith(6, `Could not resolve host: ${url.host}`);
  }
  if (res.kind === "nxdomain") {
    v(`* Could not resolve host: ${url.host}`);
    v(`* Closing connection 0`);
    return failWith(6, `Could not resolve host: ${url.host}`);
  }
  const addr = res.address;
  v(`*   Trying ${addr}:${url.port}...`);
  const method = o.head ? "HEAD" : "GET";
  const ex = httpExchange(st, ctx.session.machine, "curl", addr, url.port, {
    method,
    path: url.path,
    host: url.hostHeader,
    userAgent: o.userAgent ?? "curl/7.88.1",
  });
  const connectFail = `Failed to connect to ${url.host} port ${url.port} after 0 ms: Couldn't connect to server`;
  if (ex.kind === "refused") {
    v(`* connect to ${addr} port ${url.port} failed: Connection refused`);
    v(`* ${connectFail}`);
    v(`* Closing connection 0`);
    return failWith(7, connectFail);
  }
  if (ex.kind === "unreachable") {
    v(`* connect to ${addr} port ${url.port} failed: Network is unreachable`);
    v(`* ${connectFail}`);
    v(`* Closing connection 0`);
    return failWith(7, connectFail);
  }
  if (ex.kind === "no-neighbour" && (limitMs === undefined || limitMs > ARP_GIVE_UP_MS)) {
    advanceClock(st, ARP_GIVE_UP_MS);
    const msg = `Failed to connect to ${url.host} port ${url.port} after ${ARP_GIVE_UP_MS} ms: Couldn't connect to server`;
    v(`* connect to ${addr} port ${url.port} failed: No route to host`);
    v(`* ${msg}`);
    v(`* Closing connection 0`);
    return failWith(7, msg);
  }
  if (ex.kind === "timeout" || ex.kind === "no-neighbour") {
    const connected = ex.kind === "timeout" && ex.connected;
    const ct = o.connectTimeout !== undefined ? Math.round(o.connectTimeout * 1000) : undefined;
    if (!connected && ct !== undefined && (limitMs === undefined || ct < limitMs)) {
      advanceClock(st, ct + 1);
      const msg = `Failed to connect to ${url.host} port ${url.port} after ${ct + 1} ms: Timeout was reached`;
      v(`* ${msg}`);
      v(`* Closing connection 0`);
      return failWith(28, msg);
    }
    if (limitMs === undefined) {
      advanceClock(st, SYN_GIVE_UP_MS);
      const msg = `Failed to connect to ${url.host} port ${url.port} after ${SYN_GIVE_UP_MS} ms: Couldn't connect to server`;
      v(`* ${msg}`);
      v(`* Closing connection 0`);
      return failWith(28, msg);
    }
    advanceClock(st, limitMs + 1);
    // curl closes the connection it gave up on; a frozen server's kernel acknowledges.
    if (ex.kind === "timeout" && ex.conn) abandon(st, ex.conn, ex.backend);
    const msg = connected
      ? `Operation timed out after ${limitMs + 1} milliseconds with 0 bytes received`
      : `Connection timed out after ${limitMs + 1} milliseconds`;
    v(`* ${msg}`);
    v(`* Closing connection 0`);
    return failWith(28, msg);
  }
  v(`* Connected to ${url.host} (${addr}) port ${url.port} (#0)`);
  v(`> ${method} ${url.path} HTTP/1.1\r`);
  v(`> Host: ${url.hostHeader}\r`);
  v(`> User-Agent: ${o.userAgent ?? "curl/7.88.1"}\r`);
  v(`> Accept: */*\r`);
  v(`> \r`);
  advanceClock(st, 1);
  if (ex.kind === "empty") {
    v(`* Empty reply from server`);
    v(`* Closing connection 0`);
    return failWith(52, "Empty reply from server");
  }
  if (ex.kind === "reset") {
    v(`* Recv failure: Connection reset by peer`);
    v(`* Closing connection 0`);
    return failWith(56, "Recv failure: Connection reset by peer");
  }
  const r = ex.response;
  if (r.version === "HTTP/1.0") v(`* HTTP 1.0, assume close after body`);
  v(`< ${r.version} ${r.status} ${r.reason}\r`);
  for (const h of r.headers) v(`< ${h}\r`);
  v(`< \r`);
  if (o.fail && r.status >= 400) {
    v(`* The requested URL returned error: ${r.status}`);
    v(`* Closing connection 0`);
    return failWith(22, `The requested URL returned error: ${r.status}`);
  }
  v(r.version === "HTTP/1.0" ? `* Closing connection 0` : `* Connection #0 to host ${url.host} left intact`);

  const head = headText(r);
  let body = o.head ? head : (o.include ? head : "") + r.body;
  let world = worldOf(st);
  let meter = "";
  if (o.output !== undefined) {
    if (o.output !== "/dev/null") world = writeFile(world, ctx.session.machine, o.output, body);
    if (!o.silent) meter = progressMeter(byteLength(body));
    body = "";
  }
  st.world = world;
  const wo = o.writeOut !== undefined ? writeOut(o.writeOut, r.status) : "";
  return finish({ stdout: body + wo, stderr: meter + verbose, exitCode: 0 });
};

function progressMeter(size: number): string {
  const n = String(size).padStart(5);
  return (
    "  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n" +
    "                                 Dload  Upload   Total   Spent    Left  Speed\n" +
    `100 ${n}  100 ${n}    0     0   600k      0 --:--:-- --:--:-- --:--:--  600k\n`
  );
}
