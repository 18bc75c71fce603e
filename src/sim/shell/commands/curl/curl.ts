/**
 * `curl` (7.88.1): resolves the host, walks a real TCP connection through the
 * simulated kernel and prints what curl prints — the body, or its error on stderr
 * with its exit code (6 unresolved, 7 refused/unreachable, 22 -f, 28 timeout,
 * 52 empty reply), and the progress meter (meter.ts) where curl draws one. This file
 * is the tool's loop over URLs and globs; each transfer runs in transfer.ts.
 */
import type { Command, OutputChunk } from "../../command.ts";
import type { TraceEvent } from "../../../trace/events.ts";
import { parseCurlArgs, REMOTE_NAME, type CurlOptions } from "./options.ts";
import { resolvePath } from "../../vars.ts";
import { fromChunks, stdioOrder } from "../../lib/exec.ts";
import { expandGlobs, globError, parseUrl } from "./url.ts";
import { closeKept } from "../../../programs/http-exchange.ts";
import { createWalkState, worldOf } from "../../../kernel/stack/context.ts";
import type { TcpConn } from "../../../kernel/stack/tcp.ts";
import { readData, requestWarnings } from "./request.ts";
import { transfer } from "./transfer.ts";
import type { World } from "../../../world.ts";
import type { CommandContext } from "../../command.ts";
import { creatable, fsCtx, makeDir, nodeAt, parentOf } from "../../lib/fsops.ts";

/**
 * curl runs one transfer per URL operand, and per URL its globs expand to; each draws its own
 * meter, the exit code is the last one's, and stdout into a pipe still waits for the end.
 */
export const curl: Command = (argv, ctx) => {
  const parsed = parseCurlArgs(argv);
  if (!parsed.ok) return { world: ctx.world, stdout: "", stderr: parsed.stderr, exitCode: parsed.exitCode };
  const read = readData(parsed.opts.data, ctx.world, ctx.session, ctx.stdin);
  const o: CurlOptions = { ...parsed.opts, data: read.data };
  const chunks: OutputChunk[] = [];
  const warning = o.silent ? "" : read.warnings + requestWarnings(o);
  if (warning) chunks.push({ stream: "stderr", text: warning });
  const events: TraceEvent[] = [];
  let world = ctx.world;
  let code = 0;
  // curl's connection cache: a connection a server kept open serves a later URL of the same
  // host and port without a handshake, and curl closes what it still holds at exit.
  const kept = new Map<string, TcpConn>();
  const all = o.urls.flatMap((raw) => (o.globoff ? [raw] : globError(raw) ? [] : expandGlobs(raw)));
  let n = 0;
  for (const [i, raw] of o.urls.entries()) {
    const glob = o.globoff ? undefined : globError(raw);
    if (glob) {
      const text = `curl: (3) ${glob.msg} in URL position ${glob.pos}:\n${raw}\n${" ".repeat(glob.pos - 1)}^\n`;
      if (!o.silent || o.showError) chunks.push({ stream: "stderr", text });
      code = 3;
      continue;
    }
    const output = o.outputs[i];
    for (const u of o.globoff ? [raw] : expandGlobs(raw)) {
      const one: CurlOptions = { ...o, url: u };
      if (output === undefined) delete one.output;
      else {
        // -O names the file after the URL's last segment, in the working directory; an empty
        // one (`host/`) fails only once the body comes, as a file that cannot be opened does.
        const name = output === REMOTE_NAME ? remoteName(u) : output;
        const opened = openOutput(world, ctx, name, o.createDirs === true);
        world = opened.world;
        one.output = opened.path;
        if (name === "") one.writeFail = "Failed writing received data to disk/application";
        else if (!opened.ok) one.writeFail = "Failure writing output to destination";
      }
      n++;
      const key = cacheKey(u, o.pathAsIs);
      const reuse = key !== undefined ? kept.get(key) : undefined;
      if (key !== undefined) kept.delete(key);
      const r = transfer(one, { ...ctx, world }, { ...(reuse ? { reuse } : {}), more: n < all.length });
      if (r.kept && key !== undefined) kept.set(key, r.kept);
      world = r.world;
      code = r.exitCode;
      if (r.output) chunks.push(...r.output);
      else if (r.stderr) chunks.push({ stream: "stderr", text: r.stderr });
      events.push(...(r.events ?? []));
    }
  }
  if (kept.size > 0) {
    const st = createWalkState(world);
    for (const conn of kept.values()) closeKept(st, conn);
    world = worldOf(st);
    events.push(...st.events);
  }
  return { ...fromChunks(world, stdioOrder(ctx, chunks), code), events };
};

/** -o's path from the working directory, and whether its directory is there (--create-dirs makes it). */
function openOutput(
  world: World,
  ctx: CommandContext,
  name: string,
  createDirs: boolean,
): { world: World; path: string; ok: boolean } {
  if (name === "/dev/null" || name === "") return { world, path: name || "/dev/null", ok: true };
  const path = resolvePath(world, ctx.session, name);
  const f = fsCtx(ctx, "curl");
  const isDir = (w: World, p: string) => {
    const here = nodeAt(w, f, p);
    return typeof here !== "string" && here.stat.type === "dir";
  };
  const dir = parentOf(path);
  if (isDir(world, dir)) return { world, path, ok: true };
  if (!createDirs) return { world, path, ok: false };
  const parts = dir.split("/").filter((p) => p !== "");
  let w = world;
  for (let k = 1; k <= parts.length; k++) {
    const p = "/" + parts.slice(0, k).join("/");
    if (isDir(w, p)) continue;
    if (creatable(w, f, p)) return { world: w, path, ok: false };
    w = makeDir(w, f, p);
  }
  return { world: w, path, ok: true };
}

/** What curl's cache matches a connection by: plain HTTP to one host name and port. */
function cacheKey(raw: string, pathAsIs: boolean | undefined): string | undefined {
  const url = parseUrl(raw, pathAsIs);
  return url && url.scheme === "http" ? `${url.host}:${url.port}` : undefined;
}

/** The last segment of a URL's path, without its query or fragment ("" for `host` or `host/dir/`). */
export function remoteName(url: string): string {
  const rest = url.replace(/^[a-z][a-z0-9+.-]*:\/\//i, "").replace(/[?#].*$/, "");
  const slash = rest.indexOf("/");
  if (slash < 0) return "";
  return rest.slice(rest.lastIndexOf("/") + 1);
}
