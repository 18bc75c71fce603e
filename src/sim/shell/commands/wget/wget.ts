/**
 * busybox `wget` (1.35, as in the oracle's nginx image): fetches a URL over a real
 * connection through the walk and writes the body to a file (`-O FILE`, or the URL's
 * file name, index.html for `/`) or to stdout (`-O-`), with busybox's progress lines
 * on stderr unless `-q`, `-S` for the response headers, and its errors: `bad
 * address`, `can't connect to remote host (...)`, `server returned error`. In that
 * Debian build `-T` crashes wget (status 139), as the oracle shows; other images
 * time out with `download timed out`.
 */
import { writeFile, readFile } from "../../../kernel/files.ts";
import { advanceClock, createWalkState, worldOf } from "../../../kernel/stack/context.ts";
import { ARP_GIVE_UP_MS, SYN_GIVE_UP_MS, waitForSyn } from "../../../kernel/stack/tcp.ts";
import { byteLength } from "../../../kernel/stack/packet.ts";
import { httpExchange } from "../../../programs/http-exchange.ts";
import { resolveName } from "../../../programs/resolver.ts";
import type { Command, CommandResult } from "../../command.ts";
import { machineOf } from "../../machine.ts";
import { BUSYBOX_BANNER } from "../nslookup/nslookup.ts";
import { parseUrl } from "../curl/url.ts";

const USAGE = `${BUSYBOX_BANNER}

Usage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]
\t[--post-data STR | --post-file FILE] [-Y on/off]
\t[--no-check-certificate] [-P DIR] [-U AGENT] URL...

Retrieve files via HTTP or FTP

\t--spider\tOnly check URL existence: $? is 0 if exists
\t--header STR\tAdd STR (of form 'header: value') to headers
\t--post-data STR\tSend STR using POST method
\t--post-file FILE\tSend FILE using POST method
\t--no-check-certificate\tDon't validate the server's certificate
\t-c\t\tContinue retrieval of aborted transfer
\t-q\t\tQuiet
\t-P DIR\t\tSave to DIR (default .)
\t-S    \t\tShow server response
\t-O FILE\t\tSave to FILE ('-' for stdout)
\t-o LOGFILE\tLog messages to FILE
\t-U STR\t\tUse STR for User-Agent header
\t-Y on/off\tUse proxy
`;

interface Opts {
  quiet: boolean;
  headers: boolean;
  spider: boolean;
  output?: string;
  dir?: string;
  agent: string;
  timeout?: number;
  url?: string;
}

function parse(argv: readonly string[]): Opts | string {
  const o: Opts = { quiet: false, headers: false, spider: false, agent: "Wget" };
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (rest: string) => (rest !== "" ? rest : argv[++i]);
    if (a === "--spider") o.spider = true;
    else if (a === "--no-check-certificate" || a === "-c") continue;
    else if (a === "--header" || a === "--post-data" || a === "--post-file" || a === "-Y" || a === "-o") i++;
    else if (a.startsWith("--")) return `unrecognized option '${a}'`;
    else if (a.startsWith("-") && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j]!;
        if (c === "q") o.quiet = true;
        else if (c === "S") o.headers = true;
        else if (c === "c") continue;
        else if ("OPUTY".includes(c)) {
          const v = value(a.slice(j + 1));
          if (v === undefined) return `option requires an argument -- '${c}'`;
          if (c === "O") o.output = v;
          else if (c === "P") o.dir = v;
          else if (c === "U") o.agent = v;
          else if (c === "T") o.timeout = Number(v);
          break;
        } else return `invalid option -- '${c}'`;
      }
    } else o.url = a;
  }
  return o;
}

function progress(name: string, size: number): string {
  return `${name.padEnd(20)} 100% |********************************| ${String(size).padStart(5)}  0:00:00 ETA\n`;
}

export const wget: Command = (argv, ctx) => {
  const o = parse(argv);
  const done = (stdout: string, stderr: string, exitCode: number): CommandResult => ({
    world: ctx.world,
    stdout,
    stderr,
    exitCode,
  });
  if (typeof o === "string") return done("", `wget: ${o}\n${USAGE}`, 1);
  if (o.url === undefined) return done("", USAGE, 1);
  const where = machineOf(ctx.world, ctx.session);
  // The Debian build the oracle's image carries dies on -T (SIGSEGV).
  if (o.timeout !== undefined && where.container?.image === "nginx") return done("", "", 139);
  const url = parseUrl(o.url.replace(/^https?:\/\//i, "http://"));
  if (!url) return done("", `wget: bad address '${o.url}'\n`, 1);
  const st = createWalkState(ctx.world);
  const chunks: { stream: "stdout" | "stderr"; text: string }[] = [];
  const say = (text: string) => {
    if (!o.quiet) chunks.push({ stream: "stderr", text });
  };
  const finish = (exitCode: number): CommandResult => ({
    world: worldOf(st),
    stdout: chunks
      .filter((c) => c.stream === "stdout")
      .map((c) => c.text)
      .join(""),
    stderr: chunks
      .filter((c) => c.stream === "stderr")
      .map((c) => c.text)
      .join(""),
    exitCode,
    output: chunks,
    events: st.events,
  });
  const error = (msg: string): CommandResult => {
    chunks.push({ stream: "stderr", text: `wget: ${msg}\n` });
    return finish(1);
  };
  const res = resolveName(st, ctx.session.machine, "wget", url.host);
  if (res.kind !== "address") return error(`bad address '${url.host}'`);
  const addr = res.address;
  const shown = /:\d+$/.test(o.url.replace(/^[a-z]+:\/\//i, "").split("/")[0]!) ? `${url.host}:${url.port}` : url.host;
  say(`Connecting to ${shown} (${addr}:${url.port})\n`);
  const ex = httpExchange(st, ctx.session.machine, "wget", addr, url.port, {
    method: o.spider ? "HEAD" : "GET",
    path: url.path,
    host: url.hostHeader,
    userAgent: o.agent,
    // busybox's wget asks for no Accept, unlike curl: Host, User-Agent and Connection: close.
    lines: [`Host: ${url.hostHeader}`, `User-Agent: ${o.agent}`, "Connection: close"],
    close: true,
  });
  if (ex.kind === "refused") return error(`can't connect to remote host (${addr}): Connection refused`);
  if (ex.kind === "unreachable") return error(`can't connect to remote host (${addr}): Network is unreachable`);
  if (ex.kind === "no-neighbour" || ex.kind === "timeout") {
    const connected = ex.kind === "timeout" && ex.connected;
    const lost = ex.kind === "timeout" ? ex.lost : undefined;
    if (o.timeout !== undefined && (connected || ex.kind === "timeout" || o.timeout * 1000 < ARP_GIVE_UP_MS)) {
      waitForSyn(st, lost, o.timeout * 1000);
      return error("download timed out");
    }
    if (ex.kind === "no-neighbour") {
      advanceClock(st, ARP_GIVE_UP_MS);
      return error(`can't connect to remote host (${addr}): No route to host`);
    }
    waitForSyn(st, lost, SYN_GIVE_UP_MS);
    return error(`can't connect to remote host (${addr}): Connection timed out`);
  }
  if (ex.kind === "empty" || ex.kind === "reset") return error("error getting response: Connection reset by peer");
  const r = ex.response;
  // -S shows the status line even with -q; an error status ends the transfer before the headers.
  if (o.headers) chunks.push({ stream: "stderr", text: `  ${r.version} ${r.status} ${r.reason}\n` });
  if (r.status >= 400) return error(`server returned error: ${r.version} ${r.status} ${r.reason}`);
  if (o.headers) say(r.headers.map((line) => `  ${line}\n`).join("") + "  \n");
  if (o.spider) {
    say("remote file exists\n");
    return finish(0);
  }
  const size = byteLength(r.body);
  const base =
    url.path
      .replace(/[?#].*$/, "")
      .split("/")
      .pop() || "index.html";
  const target = o.output ?? (o.dir ? `${o.dir.replace(/\/$/, "")}/${base}` : base);
  if (target === "-") {
    say("writing to stdout\n");
    chunks.push({ stream: "stdout", text: r.body });
    say(progress("-", size) + "written to stdout\n");
    return finish(0);
  }
  const path = target.startsWith("/") ? target : `/${target}`;
  if (o.output === undefined && readFile(st.world, ctx.session.machine, path) !== undefined) {
    return error(`can't open '${target}': File exists`);
  }
  say(`saving to '${target}'\n`);
  const world = worldOf(st);
  st.world = path === "/dev/null" ? world : writeFile(world, ctx.session.machine, path, r.body);
  say(progress(target.split("/").pop()!, size) + `'${target}' saved\n`);
  return finish(0);
};
