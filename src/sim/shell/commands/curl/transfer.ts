/**
 * One curl transfer (libcurl's easy_perform): resolve the host, walk a real TCP
 * connection through the simulated kernel, send the request and read the answer,
 * with curl's verbose lines, its error and exit code, -w's variables and the meter
 * in the order curl writes them. curl.ts runs one per URL and glob.
 */
import { writeFile } from "../../../kernel/files.ts";
import { abandon, httpExchange } from "../../../programs/http-exchange.ts";
import { withPatience } from "../../../programs/client-patience.ts";
import { advanceClock, createWalkState, getNs, worldOf } from "../../../kernel/stack/context.ts";
import { ARP_GIVE_UP_MS, SYN_GIVE_UP_MS, waitForSyn, type TcpConn } from "../../../kernel/stack/tcp.ts";
import { headText, requestProtocol } from "../../../programs/http.ts";
import { contentLength, isLocalhost, redirectOf, reuseLines } from "./answer.ts";
import { byteLength } from "../../../kernel/stack/packet.ts";
import { resolveName, resolveName6 } from "../../../programs/resolver.ts";
import type { CommandContext, CommandResult, OutputChunk } from "../../command.ts";
import type { CurlOptions } from "./options.ts";
import { writeOut, type Transfer, type WriteOut } from "./write-out.ts";
import { progressMeter, type MeterEnd } from "./meter.ts";
import { fromChunks } from "../../lib/exec.ts";
import { parseUrl, supportedScheme } from "./url.ts";
import { bindInterface, buildRequest, resolveOverride } from "./request.ts";
import { lookupRoute } from "../../../kernel/route.ts";
import { hasIpv6Loopback, IP6_LOOPBACK } from "../../../kernel/ipv6.ts";
import { resolvePath } from "../../vars.ts";

/** glibc's resolver: 5 s per try, 2 tries. */
const RESOLVER_GIVE_UP_MS = 10_000;
/** nginx's keepalive_timeout: how long it keeps an idle connection curl still reads from. */
const KEEPALIVE_MS = 65_000;
/** curl's happy eyeballs: how long the first family may go unanswered before the second starts. */
const HAPPY_EYEBALLS_MS = 200;

/** curl's connection cache, as one transfer sees it: a connection to reuse, and whether later URLs may use this one. */
export interface Cache {
  readonly reuse?: TcpConn;
  readonly more: boolean;
}

/** A transfer's result, with the connection it left open for a later URL. */
export type TransferResult = CommandResult & { readonly kept?: TcpConn };

export function transfer(o: CurlOptions, ctx: CommandContext, cache: Cache = { more: false }): TransferResult {
  const url = parseUrl(o.url!, o.pathAsIs);
  if (url && !supportedScheme(url.scheme)) {
    const named = o.url!.slice(0, o.url!.indexOf(":"));
    const text = `curl: (1) Protocol "${named}" not supported or disabled in libcurl\n`;
    return { world: ctx.world, stdout: "", stderr: !o.silent || o.showError ? text : "", exitCode: 1 };
  }
  const showErr = !o.silent || o.showError;
  let verbose = "";
  const v = (line: string) => {
    if (o.verbose) verbose += line + "\n";
  };
  const st = createWalkState(ctx.world);
  const t0 = ctx.world.clock;
  let remoteIp = "";
  let remotePort = 0;
  /** curl reports %{remote_ip} only once a connection was made. */
  let connectedTo = false;
  let lookup = 0.00002;
  const transfer = (code: number, exitCode: number, errormsg: string, extra: Partial<Transfer> = {}): Transfer => {
    const elapsed = (st.world.clock - t0) / 1000;
    const connect = remoteIp ? lookup + 0.00018 : 0;
    const total = Math.max(elapsed, code ? connect + 0.00041 : connect);
    return {
      url: o.url!.includes("://") ? o.url! : `http://${o.url!}${url && !o.url!.replace(/^[^/]*/, "") ? "/" : ""}`,
      code,
      exitCode,
      errormsg,
      remoteIp: connectedTo ? remoteIp : "",
      remotePort,
      localIp: "",
      localPort: 0,
      sizeDownload: 0,
      sizeHeader: 0,
      sizeRequest: 0,
      sizeUpload: 0,
      contentType: "",
      httpVersion: "0",
      method: req.method,
      connects: 0,
      filename: o.output ?? "",
      times: [remoteIp ? lookup : 0, connect, code ? connect + 0.00035 : 0, total],
      ...extra,
    };
  };
  // The meter is drawn unless -s, or unless the body goes to a terminal.
  const meterOn = !o.silent && (o.output !== undefined || !ctx.stdoutTty);
  /**
   * What curl wrote, in the order it wrote it: the meter's first redraw, the verbose lines, the
   * body, the redraws while it waited, the last one, then the closing and error lines. stdout
   * into a pipe is block-buffered (stdioOrder, in curl()), so there the body and -w come last.
   */
  const emit = (code: number, body: string, errLine: string, wo: WriteOut, end: MeterEnd = {}): CommandResult => {
    const vl =
      verbose === ""
        ? []
        : verbose
            .slice(0, -1)
            .split("\n")
            .map((l) => l + "\n");
    const post = vl.length > 0 && /^\* (Closing connection|Connection #0)/.test(vl[vl.length - 1]!) ? vl.pop()! : "";
    const why = code !== 0 && vl.length > 0 ? vl.pop()! : "";
    const m = meterOn ? progressMeter(st.world.clock - t0, end) : undefined;
    const chunks: OutputChunk[] = [];
    const put = (stream: "stdout" | "stderr", text: string) => {
      if (text !== "") chunks.push({ stream, text });
    };
    put("stderr", m?.start ?? "");
    put("stderr", vl.join(""));
    put("stdout", body);
    put("stderr", m?.waits ?? "");
    put("stderr", why);
    put("stderr", m?.last ?? "");
    put("stderr", post);
    put("stderr", errLine);
    put("stdout", wo.stdout);
    put("stderr", wo.stderr);
    // In write order: curl() puts the whole run's stdout behind its stderr once, as one stdio buffer does.
    return { ...fromChunks(worldOf(st), chunks, code), events: st.events };
  };
  /** Waiting for a body that never comes: until -m, or until the server closes (nginx's keep-alive ends). */
  const headWait = (version: string, announced: number, status: number): CommandResult => {
    const end = { expected: announced, waitsKnow: true };
    if (limitMs !== undefined && (version !== "HTTP/1.0" || limitMs < 1)) {
      advanceClock(st, limitMs + 1);
      const msg = `Operation timed out after ${limitMs + 1} milliseconds with 0 out of ${announced} bytes received`;
      v(`* ${msg}`);
      v(`* Closing connection 0`);
      return failWith(28, msg, end, status);
    }
    if (version !== "HTTP/1.0") advanceClock(st, KEEPALIVE_MS);
    const msg = `transfer closed with ${announced} bytes remaining to read`;
    v(`* ${msg}`);
    v(`* Closing connection 0`);
    return failWith(18, msg, end, status);
  };
  /** `status`: the answer's code when its header came before the failure (-w's %{http_code}). */
  const failWith = (code: number, msg: string, end: MeterEnd = {}, status = 0): CommandResult => {
    const wo =
      o.writeOut !== undefined ? writeOut(o.writeOut, transfer(status, code, msg)) : { stdout: "", stderr: "" };
    return emit(code, "", showErr ? `curl: (${code}) ${msg}\n` : "", wo, end);
  };
  // A URL curl cannot parse fails before the transfer, and so before any meter; so does a bad --resolve.
  if (!url) {
    const text = showErr ? "curl: (3) URL using bad/illegal format or missing URL\n" : "";
    return { world: ctx.world, stdout: "", stderr: text, exitCode: 3 };
  }
  const req = buildRequest(o, url);
  const pinned = resolveOverride(o, url);
  if (pinned.kind === "bad") {
    const text = showErr ? `curl: (49) Couldn't parse CURLOPT_RESOLVE entry '${pinned.entry}'\n` : "";
    return { world: ctx.world, stdout: "", stderr: text, exitCode: 49 };
  }
  for (const line of pinned.verbose) v(line);

  const limitMs = o.maxTime !== undefined ? Math.round(o.maxTime * 1000) : undefined;
  const reuse = cache.reuse;
  const res0 =
    reuse !== undefined
      ? { kind: "address" as const, address: reuse.dst }
      : pinned.address !== undefined
        ? { kind: "address" as const, address: pinned.address }
        : o.ipv6 && !o.ipv4
          ? resolveName6(st.world, ctx.session.machine, url.host)
          : resolveName(st, ctx.session.machine, "curl", url.host);
  // Given both families (a container name on an --ipv6 network), curl connects over IPv6 first.
  const res =
    res0.kind === "address" && res0.address6 && !o.ipv4 ? { kind: "address" as const, address: res0.address6 } : res0;
  if (res.kind === "timeout") {
    if (limitMs !== undefined && limitMs < RESOLVER_GIVE_UP_MS) {
      advanceClock(st, limitMs);
      return failWith(28, `Resolving timed out after ${limitMs} milliseconds`, { noLast: true });
    }
    advanceClock(st, RESOLVER_GIVE_UP_MS);
    return failWith(6, `Could not resolve host: ${url.host}`, { noLast: true });
  }
  if (res.kind === "nxdomain") {
    v(`* Could not resolve host: ${url.host}`);
    v(`* Closing connection 0`);
    return failWith(6, `Could not resolve host: ${url.host}`, { noLast: true });
  }
  let addr = res.address;
  // Linux connects 0.0.0.0 to the machine itself: curl reports the peer it got.
  remoteIp = addr === "0.0.0.0" ? "127.0.0.1" : addr === "::" ? "::1" : addr;
  remotePort = url.port;
  if (addr !== url.host) lookup = 0.00061;
  if (reuse) for (const line of reuseLines(url.host)) v(line);
  else v(`*   Trying ${addr}:${url.port}...`);
  const lines = req.lines;
  const hostLine = lines.find((l) => /^host:/i.test(l));
  const ns = getNs(st, ctx.session.machine);
  const bound = bindInterface(st, ctx.session.machine, o.iface, ns ? lookupRoute(ns, addr)?.dev : undefined);
  if (bound.kind === "failed") {
    const msg = `Failed to connect to ${url.host} port ${url.port} after 0 ms: Failed binding local connection end`;
    for (const line of bound.verbose) v(line);
    v(`* ${msg}`);
    v(`* Closing connection 0`);
    return failWith(45, msg);
  }
  // curl waits for a handshake: --connect-timeout (+1 ms) if shorter, else -m, else until the kernel gives up.
  const ctMs = o.connectTimeout !== undefined ? Math.round(o.connectTimeout * 1000) : undefined;
  const connectGiveUp =
    ctMs !== undefined && (limitMs === undefined || ctMs < limitMs) ? ctMs + 1 : (limitMs ?? SYN_GIVE_UP_MS);
  const exReq = {
    method: req.method,
    path: url.path,
    host: hostLine ? hostLine.replace(/^[^:]*:\s*/, "") : url.hostHeader,
    userAgent: req.userAgent,
    ...(req.custom ? { lines } : {}),
    ...(req.body !== undefined ? { body: req.body } : {}),
    ...(o.http10 ? { version: "HTTP/1.0" as const } : {}),
  };
  const local = bound.kind === "address" ? bound.address : undefined;
  // A server that would wait longer than -m on something of its own stops when curl does.
  const exchange = (to: string, giveUp = connectGiveUp): ReturnType<typeof httpExchange> =>
    bound.kind === "elsewhere"
      ? { kind: "timeout", connected: false }
      : withPatience(st, limitMs !== undefined ? t0 + limitMs : undefined, () =>
          httpExchange(st, ctx.session.machine, "curl", to, url.port, exReq, 0, local, giveUp, {
            ...(reuse ? { reuse } : {}),
            open: cache.more,
          }),
        );
  // curl 7.88 resolves `localhost` itself to 127.0.0.1 then ::1 and races the two: a refused
  // first family starts the other at once (the oracle's aj03: a REJECTed 127.0.0.1 still reached
  // [::]:2024), an unanswered one after 200 ms, and the first to connect wins (127.0.0.1 DROPped
  // in INPUT: its one SYN counted, the page from ::1).
  const race =
    reuse === undefined &&
    isLocalhost(url.host) &&
    res0 === res &&
    !o.ipv4 &&
    o.iface === undefined &&
    ns !== undefined &&
    hasIpv6Loopback(ns);
  let ex = exchange(addr, race ? Math.min(HAPPY_EYEBALLS_MS, connectGiveUp) : connectGiveUp);
  if (race && ex.kind === "refused") {
    v(`* connect to ${addr} port ${url.port} failed: Connection refused`);
    addr = remoteIp = IP6_LOOPBACK;
    v(`*   Trying [::1]:${url.port}...`);
    ex = exchange(addr);
  } else if (race && ex.kind === "timeout" && !ex.connected && connectGiveUp > HAPPY_EYEBALLS_MS) {
    advanceClock(st, HAPPY_EYEBALLS_MS);
    const ex6 = exchange(IP6_LOOPBACK, connectGiveUp - HAPPY_EYEBALLS_MS);
    if (
      ex6.kind === "response" ||
      ex6.kind === "empty" ||
      ex6.kind === "reset" ||
      (ex6.kind === "timeout" && ex6.connected)
    ) {
      v(`*   Trying [::1]:${url.port}...`);
      addr = remoteIp = IP6_LOOPBACK;
      ex = ex6;
    } else if (ex.lost) {
      // ::1 failed too: curl waits on 127.0.0.1, whose kernel keeps resending its SYN on the same timer.
      ex = { ...ex, lost: { ...ex.lost, sentMs: HAPPY_EYEBALLS_MS } };
    }
  }
  const sentRequest = () => {
    if (!reuse) v(`* Connected to ${url.host} (${remoteIp}) port ${url.port} (#0)`);
    v(`> ${req.method} ${url.path} ${requestProtocol(exReq)}\r`);
    for (const l of lines) v(`> ${l}\r`);
    v(`> \r`);
    if (ctx.session.noTty && req.body) v(`} [${byteLength(req.body)} bytes data]`);
  };
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
  if (
    ex.kind === "no-neighbour" &&
    (limitMs === undefined || limitMs > ARP_GIVE_UP_MS) &&
    (ctMs === undefined || ctMs > ARP_GIVE_UP_MS)
  ) {
    advanceClock(st, ARP_GIVE_UP_MS);
    const msg = `Failed to connect to ${url.host} port ${url.port} after ${ARP_GIVE_UP_MS} ms: Couldn't connect to server`;
    v(`* connect to ${addr} port ${url.port} failed: No route to host`);
    v(`* ${msg}`);
    v(`* Closing connection 0`);
    return failWith(7, msg);
  }
  if (ex.kind === "timeout" || ex.kind === "no-neighbour") {
    const connected = ex.kind === "timeout" && ex.connected;
    connectedTo = connected;
    const lost = ex.kind === "timeout" ? ex.lost : undefined;
    if (!connected && ctMs !== undefined && (limitMs === undefined || ctMs < limitMs)) {
      waitForSyn(st, lost, ctMs + 1);
      const msg = `Failed to connect to ${url.host} port ${url.port} after ${ctMs + 1} ms: Timeout was reached`;
      v(`* ${msg}`);
      v(`* Closing connection 0`);
      return failWith(28, msg);
    }
    if (limitMs === undefined) {
      waitForSyn(st, lost, SYN_GIVE_UP_MS);
      const msg = `Failed to connect to ${url.host} port ${url.port} after ${SYN_GIVE_UP_MS} ms: Couldn't connect to server`;
      v(`* ${msg}`);
      v(`* Closing connection 0`);
      return failWith(28, msg);
    }
    // A frozen server's kernel completed the handshake and took the request: curl said so.
    if (connected) sentRequest();
    // A server that waited with curl (nginx on its upstream) has brought the clock to -m already.
    const waited = ex.kind === "timeout" && ex.hungUp === true;
    if (!waited) waitForSyn(st, lost, limitMs + 1, limitMs);
    // curl closes the connection it gave up on; a frozen server's kernel acknowledges.
    if (ex.kind === "timeout" && ex.conn) abandon(st, ex.conn, ex.backend);
    const msg = connected
      ? `Operation timed out after ${waited ? limitMs : limitMs + 1} milliseconds with 0 bytes received`
      : `Connection timed out after ${limitMs + 1} milliseconds`;
    v(`* ${msg}`);
    v(`* Closing connection 0`);
    return failWith(28, msg);
  }
  connectedTo = true;
  sentRequest();
  advanceClock(st, 1);
  if (ex.kind === "empty" && ex.raw !== undefined) {
    // Bytes that are no status line (`echo hi | nc -l`) are HTTP/0.9, which curl 7.88 refuses by default.
    v(`* Received HTTP/0.9 when not allowed`);
    v(`* Closing connection 0`);
    return failWith(1, "Received HTTP/0.9 when not allowed");
  }
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
  // Every server in the lab speaks plain HTTP: its answer to a ClientHello is not TLS.
  if (url.scheme === "https") return failWith(35, "OpenSSL/3.0.19: error:0A00010B:SSL routines::wrong version number");
  if (r.version === "HTTP/1.0") v(`* HTTP 1.0, assume close after body`);
  v(`< ${r.version} ${r.status} ${r.reason}\r`);
  for (const h of r.headers) v(`< ${h}\r`);
  v(`< \r`);
  if (o.fail && r.status >= 400) {
    v(`* The requested URL returned error: ${r.status}`);
    v(`* Closing connection 0`);
    return failWith(22, `The requested URL returned error: ${r.status}`, { expected: contentLength(r.headers) });
  }
  // -X HEAD without -I: the server sends no body, curl waits for the one Content-Length announced.
  const announced = contentLength(r.headers);
  if (req.method === "HEAD" && !o.head && announced > 0) return headWait(r.version, announced, r.status);
  // Without a terminal curl -v notes the body it does not show.
  if (ctx.session.noTty && !o.head && r.body !== "") v(`{ [${byteLength(r.body)} bytes data]`);
  v(r.version === "HTTP/1.0" ? `* Closing connection 0` : `* Connection #0 to host ${url.host} left intact`);

  const head = headText(r);
  let body = o.head ? head : (o.include ? head : "") + r.body;
  if (o.output !== undefined && o.writeFail !== undefined && body !== "")
    return failWith(23, o.writeFail, { expected: contentLength(r.headers) });
  let world = worldOf(st);
  if (o.output !== undefined) {
    if (o.output !== "/dev/null") world = writeFile(world, ctx.session.machine, o.output, body);
    body = "";
  }
  // -D: the headers as received, to stdout ahead of the body (-o or not), or to a file.
  if (o.dumpHeader === "-") body = head + body;
  else if (o.dumpHeader !== undefined && o.dumpHeader !== "/dev/null")
    world = writeFile(world, ctx.session.machine, resolvePath(world, ctx.session, o.dumpHeader), head);
  st.world = world;
  const contentType = r.headers.find((h) => /^content-type:/i.test(h))?.replace(/^[^:]*:\s*/, "") ?? "";
  const t = transfer(r.status, 0, "", {
    localIp: ex.conn.client.addr,
    localPort: ex.conn.client.port,
    sizeDownload: o.head ? 0 : byteLength(r.body),
    sizeHeader: byteLength(head),
    // Its header and, sent with it, -d's body.
    sizeRequest: byteLength(
      `${req.method} ${url.path} ${requestProtocol(exReq)}\r\n` +
        lines.map((l) => l + "\r\n").join("") +
        "\r\n" +
        (req.body ?? ""),
    ),
    sizeUpload: byteLength(req.body ?? ""),
    contentType,
    httpVersion: r.version === "HTTP/1.0" ? "1" : "1.1",
    connects: reuse ? 0 : 1,
    ...redirectOf(r, url),
  });
  const wo = o.writeOut !== undefined ? writeOut(o.writeOut, t) : { stdout: "", stderr: "" };
  const done = emit(0, body, "", wo, { expected: contentLength(r.headers), received: o.head ? 0 : byteLength(r.body) });
  return ex.kept ? { ...done, kept: ex.conn } : done;
}
