/**
 * GNU Wget 1.21.3, the Debian hosts' wget: the same connection through the walk as
 * busybox's (wget.ts), with GNU's words on stderr: the `--DATE--  URL` line, Resolving,
 * Connecting... connected., `HTTP request sent, awaiting response... 200 OK`, Length,
 * Saving to: ‘index.html’ (index.html.1 when it exists), its progress line and the saved
 * line; -q, -O FILE/-, -S, --spider, -T and -t, and its exit codes (4 network, 8 an
 * HTTP error). The progress line's speed is the lab's own: a real one varies per run.
 */
import { readFile, writeFile } from "../../../kernel/files.ts";
import { advanceClock, createWalkState, worldOf } from "../../../kernel/stack/context.ts";
import { ARP_GIVE_UP_MS, SYN_GIVE_UP_MS, waitForSyn } from "../../../kernel/stack/tcp.ts";
import { byteLength } from "../../../kernel/stack/packet.ts";
import { httpExchange } from "../../../programs/http-exchange.ts";
import { resolveName } from "../../../programs/resolver.ts";
import type { Command, CommandResult, OutputChunk } from "../../command.ts";
import { parseUrl } from "../curl/url.ts";
import { absolutePath, viewOf } from "../../lib/vfs.ts";

const VERSION = "GNU Wget 1.21.3 built on linux-gnu.\n";
const MISSING = "wget: missing URL\nUsage: wget [OPTION]... [URL]...\n\nTry `wget --help' for more options.\n";

function stamp(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

export const gnuWget: Command = (argv, ctx): CommandResult => {
  let quiet = false;
  let headers = false;
  let spider = false;
  let output: string | undefined;
  let timeout: number | undefined;
  let url: string | undefined;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--version" || a === "-V") return { world: ctx.world, stdout: VERSION, stderr: "", exitCode: 0 };
    if (a === "--spider") spider = true;
    else if (a === "--quiet") quiet = true;
    else if (a === "--server-response") headers = true;
    else if (a.startsWith("--output-document=")) output = a.slice(18);
    else if (a.startsWith("--timeout=")) timeout = Number(a.slice(10));
    else if (a.startsWith("--tries=") || a === "--no-check-certificate") continue;
    else if (a.startsWith("--"))
      return {
        world: ctx.world,
        stdout: "",
        stderr: `wget: unrecognized option '${a}'\nUsage: wget [OPTION]... [URL]...\n\nTry \`wget --help' for more options.\n`,
        exitCode: 2,
      };
    else if (a.startsWith("-") && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j]!;
        if (c === "q") quiet = true;
        else if (c === "S") headers = true;
        else if ("OTtUP".includes(c)) {
          const v = j + 1 < a.length ? a.slice(j + 1) : argv[++i];
          if (v === undefined)
            return {
              world: ctx.world,
              stdout: "",
              stderr: `wget: option requires an argument -- '${c}'\nUsage: wget [OPTION]... [URL]...\n\nTry \`wget --help' for more options.\n`,
              exitCode: 2,
            };
          if (c === "O") output = v;
          else if (c === "T") timeout = Number(v);
          break;
        } else
          return {
            world: ctx.world,
            stdout: "",
            stderr: `wget: invalid option -- '${c}'\nUsage: wget [OPTION]... [URL]...\n\nTry \`wget --help' for more options.\n`,
            exitCode: 2,
          };
      }
    } else url = a;
  }
  if (url === undefined) return { world: ctx.world, stdout: "", stderr: MISSING, exitCode: 1 };
  const u = parseUrl(url.replace(/^https?:\/\//i, "http://"));
  if (!u)
    return { world: ctx.world, stdout: "", stderr: `${url}: Invalid URL ${url}: Unsupported scheme\n`, exitCode: 1 };
  const shownUrl = `http://${u.hostHeader}${u.path}`;
  const st = createWalkState(ctx.world);
  const chunks: OutputChunk[] = [];
  const say = (text: string) => {
    if (!quiet) chunks.push({ stream: "stderr", text });
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
  if (spider) say("Spider mode enabled. Check if remote file exists.\n");
  say(`--${stamp(st.world.clock)}--  ${shownUrl}\n`);
  const isIp = /^\d+\.\d+\.\d+\.\d+$/.test(u.host);
  if (!isIp) say(`Resolving ${u.host} (${u.host})... `);
  const res = resolveName(st, ctx.session.machine, "wget", u.host);
  if (res.kind !== "address") {
    const why = res.kind === "nxdomain" ? "Name or service not known" : "Temporary failure in name resolution";
    say(`failed: ${why}.\n`);
    chunks.push({ stream: "stderr", text: `wget: unable to resolve host address ‘${u.host}’\n` });
    return finish(4);
  }
  const addr = res.address;
  if (!isIp) say(`${addr}\n`);
  say(isIp ? `Connecting to ${addr}:${u.port}... ` : `Connecting to ${u.host} (${u.host})|${addr}|:${u.port}... `);
  const ex = httpExchange(st, ctx.session.machine, "wget", addr, u.port, {
    method: spider ? "HEAD" : "GET",
    path: u.path,
    host: u.hostHeader,
    userAgent: "Wget/1.21.3",
  });
  if (ex.kind === "refused" || ex.kind === "unreachable") {
    say(`failed: ${ex.kind === "refused" ? "Connection refused" : "Network is unreachable"}.\n`);
    return finish(4);
  }
  if (ex.kind === "no-neighbour" || ex.kind === "timeout") {
    if (ex.kind === "no-neighbour") advanceClock(st, ARP_GIVE_UP_MS);
    else waitForSyn(st, ex.lost, timeout !== undefined ? timeout * 1000 : SYN_GIVE_UP_MS);
    say(`failed: ${ex.kind === "no-neighbour" ? "No route to host" : "Connection timed out"}.\nGiving up.\n\n`);
    return finish(4);
  }
  say("connected.\n");
  if (ex.kind === "empty" || ex.kind === "reset") {
    say("HTTP request sent, awaiting response... Read error (Connection reset by peer) in headers.\nGiving up.\n\n");
    return finish(4);
  }
  const r = ex.response;
  if (headers) {
    say("HTTP request sent, awaiting response... \n");
    chunks.push({
      stream: "stderr",
      text: [`${r.version} ${r.status} ${r.reason}`, ...r.headers].map((l) => `  ${l}\n`).join(""),
    });
  } else say(`HTTP request sent, awaiting response... ${r.status} ${r.reason}\n`);
  if (r.status >= 400) {
    say(`${stamp(st.world.clock)} ERROR ${r.status}: ${r.reason}.\n\n`);
    return finish(8);
  }
  const size = byteLength(r.body);
  const type = r.headers.find((h) => /^content-type:/i.test(h))?.replace(/^[^:]*:\s*/, "");
  say(`Length: ${size}${type ? ` [${type}]` : ""}\n`);
  if (spider) {
    say("Remote file exists and could contain further links,\nbut recursion is disabled -- not retrieving.\n\n");
    return finish(0);
  }
  const view = viewOf(st.world, ctx.session);
  let target =
    output ??
    (u.path
      .replace(/[?#].*$/, "")
      .split("/")
      .pop() ||
      "index.html");
  if (output === undefined)
    for (let n = 1; readFile(st.world, ctx.session.machine, absolutePath(view, target)) !== undefined && n < 100; n++)
      target = `${target.replace(/\.\d+$/, "")}.${n}`;
  const toStdout = target === "-";
  say(`Saving to: ‘${toStdout ? "STDOUT" : target}’\n\n`);
  if (toStdout) chunks.push({ stream: "stdout", text: r.body });
  else if (absolutePath(view, target) !== "/dev/null")
    st.world = writeFile(st.world, ctx.session.machine, absolutePath(view, target), r.body);
  say(`${"     0K".padEnd(62)}100%  100M=0s\n\n`);
  say(
    `${stamp(st.world.clock)} (100 MB/s) - ${toStdout ? "written to stdout" : `‘${target}’ saved`} [${size}/${size}]\n\n`,
  );
  return finish(0);
};
