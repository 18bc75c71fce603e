/**
 * Servers a container's first process may run besides its image's own (nginx): the nginx
 * image's busybox serves a directory with `busybox httpd -f -p PORT -h DIR`, and answers
 * a connection with a program's output with `nc -l -p PORT -e PROG…` (once, then it exits)
 * or `nc -ll …` (the small nc's persistent mode). Each holds a listening socket while it runs.
 */
import type { Listener, ListenerApp } from "../kernel/types.ts";

export interface MainServer {
  /** The process name `ss -p` and `netstat -p` show. */
  readonly process: string;
  /** httpd's `-h` as given: it changes there first, and exits when it cannot. */
  readonly chdir?: string;
  readonly listen: { readonly addr: string; readonly port: number; readonly dualStack?: true };
  readonly app: ListenerApp;
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
      else if (c !== "v") return undefined;
    }
  }
  const m = /^(?:(.*):)?(\d+)$/.exec(bind);
  const port = m ? Number(m[2]) : NaN;
  if (!m || port < 1 || port > 65535) return undefined;
  const dir = home.startsWith("/") ? home : `${cwd.replace(/\/$/, "")}/${home}`;
  const clean = dir.replace(/\/\.(?=\/|$)/g, "").replace(/\/+$/, "") || "/";
  // Without an address it binds [::] with v6only off, as netstat shows it (`:::8080`).
  const listen = m[1] ? { addr: m[1], port } : { addr: "::", port, dualStack: true as const };
  return { process, chdir: home, listen, app: { kind: "httpd", container, fs, home: clean }, foreground };
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
      return { process, listen: { addr: "0.0.0.0", port }, app };
    }
    if (/^-l+$/.test(a)) ls += a.length - 1;
    else if (a === "-p") port = Number(words[++i]);
    else return undefined;
    if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) return undefined;
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
  };
}
