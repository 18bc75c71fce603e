/**
 * Servers a container's first process may run besides its image's own (nginx): the nginx
 * image's busybox serves a directory with `busybox httpd -f -p PORT -h DIR`, and answers
 * a connection with a program's output with `nc -l -p PORT -e PROG…` (once, then it exits)
 * or `nc -ll …` (the small nc's persistent mode), or takes one client's bytes with `nc -l -p PORT`. Each holds a listening socket while it runs.
 */
import type { Listener, ListenerApp } from "../kernel/types.ts";

export interface MainServer {
  /** The process name `ss -p` and `netstat -p` show. */
  readonly process: string;
  /** httpd's `-h` as given: it changes there first, and exits when it cannot. */
  readonly chdir?: string;
  readonly listen: { readonly addr: string; readonly port: number; readonly dualStack?: boolean };
  readonly app: ListenerApp;
  /** What it asks listen() for: httpd 9, the small nc one per `-l`. */
  readonly backlog: number;
}

const BB = /^(\/bin\/)?busybox$/;

/**
 * The server `argv` starts in the foreground (`fs`: its container's filesystem, `cwd` its
 * directory), if any. Only the shell finds `httpd` without `busybox` before it: Debian's
 * busybox sh runs its applets itself, while the image links no /bin/httpd for runc to exec.
 */
export function mainServer(
  argv: readonly string[],
  fs: string,
  container: string,
  cwd = "/",
  viaShell = false,
): MainServer | undefined {
  const bb = BB.test(argv[0] ?? "");
  const words = bb ? argv.slice(1) : argv;
  const prog = (words[0] ?? "").replace(/^.*\//, "");
  const process = bb ? "busybox" : prog;
  if (prog === "httpd" && (bb || (viaShell && words[0] === "httpd"))) return httpd(words, fs, container, cwd, process);
  if (prog === "nc") return ncServer(words, container, process);
  return undefined;
}

/**
 * busybox httpd's options (getopt "ifvc:d:h:e:m:p:u:r:"): `-f` keeps it in the foreground
 * (without it, it forks and its parent exits at once); `-i` serves one inetd connection and
 * `-d`/`-e`/`-m` only print, so none of them listens (undefined then).
 */
export function parseHttpd(
  words: readonly string[],
  fs: string,
  container: string,
  cwd: string,
  process: string,
): (MainServer & { readonly foreground: boolean }) | undefined {
  let foreground = false;
  let verbose = false;
  let home = ".";
  let bind = "80";
  for (let i = 1; i < words.length; i++) {
    const a = words[i]!;
    if (!a.startsWith("-") || a === "-") return undefined;
    for (let j = 1; j < a.length; j++) {
      const c = a[j]!;
      if ("cdhempur".includes(c)) {
        const v = j + 1 < a.length ? a.slice(j + 1) : words[++i];
        if (v === undefined || "dem".includes(c)) return undefined;
        if (c === "h") home = v;
        if (c === "p") bind = v;
        break;
      }
      if (c === "f") foreground = true;
      else if (c === "v") verbose = true;
      else return undefined;
    }
  }
  const at = httpdBind(bind);
  if (!at) return undefined;
  const dir = home.startsWith("/") ? home : `${cwd.replace(/\/$/, "")}/${home}`;
  const clean = dir.replace(/\/\.(?=\/|$)/g, "").replace(/\/+$/, "") || "/";
  // Without an address it binds [::] with v6only off, as netstat shows it (`:::8080`).
  const listen = at.addr ? { addr: at.addr, port: at.port } : { addr: "::", port: at.port, dualStack: true as const };
  const app = { kind: "httpd" as const, container, fs, home: clean, ...(verbose ? { verbose: true as const } : {}) };
  return { process, chdir: home, listen, app, foreground, backlog: 9 };
}

/**
 * httpd's openServer(): `-p` is a port when it reads as one (1 to 65535), and anything else
 * an address with an optional port, 80 by default, read as inet_aton reads it, so
 * `-p 127.0.0.1` binds 127.0.0.1:80 and `-p 99999` the address 0.1.134.159.
 */
export function httpdBind(bind: string): { readonly addr?: string; readonly port: number } | undefined {
  if (/^\d+$/.test(bind) && Number(bind) >= 1 && Number(bind) <= 65535) return { port: Number(bind) };
  const m = /^([0-9.]+)(?::(\d+))?$/.exec(bind);
  const addr = m ? inetAton(m[1]!) : undefined;
  const port = m?.[2] !== undefined ? Number(m[2]) : 80;
  if (addr === undefined || port > 65535) return undefined;
  return { addr, port };
}

/** inet_aton's forms: a, a.b, a.b.c and a.b.c.d, the last part filling the bytes left. */
function inetAton(text: string): string | undefined {
  const parts = text.split(".").map(Number);
  if (parts.length > 4 || parts.some((p) => !Number.isInteger(p) || p < 0)) return undefined;
  const last = parts[parts.length - 1]!;
  const head = parts.slice(0, -1);
  if (head.some((p) => p > 255) || last >= 2 ** (8 * (4 - head.length))) return undefined;
  let n = last;
  head.forEach((p, i) => (n += p * 2 ** (8 * (3 - i))));
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join(".");
}

function httpd(
  words: readonly string[],
  fs: string,
  container: string,
  cwd: string,
  process: string,
): MainServer | undefined {
  const parsed = parseHttpd(words, fs, container, cwd, process);
  if (!parsed?.foreground) return undefined;
  const { foreground: _f, ...server } = parsed;
  return server;
}

/** The small nc's `-ll -p PORT -e PROG ARGS…` (`-e` takes the rest of the line). */
function ncServer(words: readonly string[], container: string, process: string): MainServer | undefined {
  let ls = 0;
  let port: number | undefined;
  for (let i = 1; i < words.length; i++) {
    const a = words[i]!;
    if (a === "-e") {
      const prog = words.slice(i + 1);
      if (ls < 1 || port === undefined || prog.length === 0) return undefined;
      const app = { kind: "nc-exec" as const, container, prog, ...(ls === 1 ? { once: true as const } : {}) };
      return { process, listen: { addr: "::", port, dualStack: true }, app, backlog: ls };
    }
    if (/^-l+$/.test(a)) ls += a.length - 1;
    else if (a === "-p") port = Number(words[++i]);
    else return undefined;
    if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) return undefined;
  }
  // A single -l without -e: one client, what it sends written to nc's stdout, then nc exits.
  if (ls === 1 && port !== undefined) {
    const app = { kind: "nc-exec" as const, container, prog: [], once: true as const };
    return { process, listen: { addr: "::", port, dualStack: true }, app, backlog: 1 };
  }
  return undefined;
}

/** The server's socket, owned by PID `pid`. */
export function mainListener(s: MainServer, pid: number): Listener {
  return {
    proto: "tcp",
    addr: s.listen.addr,
    port: s.listen.port,
    pid,
    process: s.process,
    app: s.app,
    ...(s.listen.dualStack ? { dualStack: true as const } : {}),
    backlog: s.backlog,
  };
}
