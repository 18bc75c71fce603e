/**
 * What curl 7.88 sends and where from, before it connects: the method (-X, -d's POST,
 * -I's HEAD), the header lines in its order (its own, then -H's, then -d's Content-Length
 * and Content-Type), the body, --resolve's addresses and --interface's binding. The
 * orders and words are the oracle's (`curl -v -d`, `--resolve`, `--interface nosuch`).
 */
import { getNs, type WalkState } from "../../../kernel/stack/context.ts";
import { byteLength } from "../../../kernel/stack/packet.ts";
import { readFile } from "../../../kernel/files.ts";
import type { World } from "../../../world.ts";
import type { Session } from "../../command.ts";
import { resolvePath } from "../../vars.ts";
import { b64Encode, utf8Encode } from "../../lib/bytes.ts";
import type { CurlOptions, DataArg } from "./options.ts";
import type { Url as ParsedUrl } from "./url.ts";

export interface CurlRequest {
  readonly method: string;
  /** The header lines in the order curl sends them. */
  readonly lines: readonly string[];
  /** -d's data, joined with `&`; undefined without -d. */
  readonly body?: string;
  readonly userAgent: string;
  /** Whether the lines differ from the three curl sends by itself. */
  readonly custom: boolean;
}

export function buildRequest(o: CurlOptions, url: ParsedUrl): CurlRequest {
  const body = o.data.length > 0 ? o.data.map((d) => d.text).join("&") : undefined;
  const method = o.method ?? (body !== undefined ? "POST" : o.head ? "HEAD" : "GET");
  // -H replaces curl's own Host, User-Agent and Accept (an empty `Name:` drops one); the rest follow them.
  const custom = (name: string) => o.headers.find((h) => h.toLowerCase().startsWith(name.toLowerCase() + ":"));
  const userAgent = custom("User-Agent")?.replace(/^[^:]*:\s*/, "") ?? o.userAgent ?? "curl/7.88.1";
  const range = o.range !== undefined && !custom("Range") ? [`Range: bytes=${o.range}`] : [];
  // -u's credentials follow Host, -e's Referer follows Accept-Encoding: libcurl's own order.
  const auth =
    o.user !== undefined && !custom("Authorization")
      ? [`Authorization: Basic ${b64Encode(utf8Encode(o.user.includes(":") ? o.user : o.user + ":"))}`]
      : [];
  const referer = o.referer !== undefined && !custom("Referer") ? [`Referer: ${o.referer}`] : [];
  const lines = [
    ...(custom("Host") ? [] : [`Host: ${url.hostHeader}`]),
    ...o.headers.filter((h) => /^host:\s*\S/i.test(h)),
    ...auth,
    ...range,
    ...(custom("User-Agent") ? [] : [`User-Agent: ${userAgent}`]),
    ...(custom("Accept") ? [] : ["Accept: */*"]),
    // Debian's libcurl 7.88.1 is built with zlib, brotli and zstd.
    ...(o.compressed && !custom("Accept-Encoding") ? ["Accept-Encoding: deflate, gzip, br, zstd"] : []),
    ...referer,
    ...o.headers.filter((h) => /^[^:]+:\s*\S/.test(h) && !/^host:/i.test(h)),
    // -d's own lines come last; a Content-Type given with -H stands in place of curl's.
    ...(body !== undefined ? [`Content-Length: ${byteLength(body)}`] : []),
    ...(body !== undefined && !custom("Content-Type") ? ["Content-Type: application/x-www-form-urlencoded"] : []),
  ];
  return {
    method,
    lines,
    ...(body !== undefined ? { body } : {}),
    userAgent,
    custom:
      o.headers.length > 0 ||
      body !== undefined ||
      range.length > 0 ||
      o.compressed === true ||
      auth.length > 0 ||
      referer.length > 0,
  };
}

/** curl's warnings on stderr before the transfer (not under -s). */
export function requestWarnings(o: CurlOptions): string {
  if (o.method === "HEAD" && !o.head)
    return (
      "Warning: Setting custom HTTP method to HEAD with -X/--request may not work the \n" +
      "Warning: way you want. Consider using -I/--head instead.\n"
    );
  return "";
}

export type Resolved =
  | { readonly kind: "ok"; readonly address?: string; readonly verbose: readonly string[] }
  | { readonly kind: "bad"; readonly entry: string };

/**
 * --resolve HOST:PORT:ADDR: each entry goes into curl's DNS cache (`* Added …`); the one
 * naming the URL's host and port answers instead of the resolver.
 */
export function resolveOverride(o: CurlOptions, url: ParsedUrl): Resolved {
  const verbose: string[] = [];
  let address: string | undefined;
  for (const entry of o.resolve) {
    const m = /^(?:\+)?([^:]+):(\d+):(.+)$/.exec(entry);
    if (!m) return { kind: "bad", entry };
    verbose.push(`* Added ${entry} to DNS cache`);
    if (m[1]!.toLowerCase() === url.host.toLowerCase() && Number(m[2]) === url.port) address = m[3]!.split(",")[0];
  }
  if (address !== undefined) verbose.push(`* Hostname ${url.host} was found in DNS cache`);
  return { kind: "ok", verbose, ...(address !== undefined ? { address } : {}) };
}

export type Binding =
  /** Bound to a local address (an interface's, or the one named). */
  | { readonly kind: "address"; readonly address: string }
  /** Bound to an interface the route does not leave by: the SYN goes nowhere. */
  | { readonly kind: "elsewhere" }
  | { readonly kind: "none" }
  /** Nothing of that name or address here: exit 45, with curl's verbose lines. */
  | { readonly kind: "failed"; readonly verbose: readonly string[] };

/** --interface NAME|ADDR in the namespace `netns`, for a connection leaving by `routeDev`. */
export function bindInterface(
  st: WalkState,
  netns: string,
  iface: string | undefined,
  routeDev: string | undefined,
): Binding {
  if (iface === undefined) return { kind: "none" };
  const ns = getNs(st, netns);
  const link = ns?.links.find((l) => l.name === iface);
  if (ns && link) {
    const addr = ns.addrs.find((a) => a.ifname === iface)?.address;
    if (routeDev !== undefined && routeDev !== iface) return { kind: "elsewhere" };
    return addr ? { kind: "address", address: addr } : { kind: "none" };
  }
  if (ns?.addrs.some((a) => a.address === iface)) return { kind: "address", address: iface };
  const numeric = /^\d+\.\d+\.\d+\.\d+$/.test(iface);
  return {
    kind: "failed",
    verbose: numeric
      ? [
          `* Name '${iface}' family 2 resolved to '${iface}' family 2`,
          `* bind failed with errno 99: Cannot assign requested address`,
        ]
      : [`* Could not resolve host: ${iface}`, `* Couldn't bind to '${iface}'`],
  };
}

/**
 * -d @FILE (and @- for stdin) reads the data from there: -d and --data-ascii drop its CR
 * and LF, --data-binary keeps them, --data-raw takes the `@` literally. A file it cannot
 * read makes an empty POST, with curl's warning.
 */
export function readData(
  data: readonly DataArg[],
  world: World,
  session: Session,
  stdin: string,
): { data: DataArg[]; warnings: string } {
  let warnings = "";
  const out = data.map((d): DataArg => {
    if (d.from === "raw" || !d.text.startsWith("@")) return d;
    const name = d.text.slice(1);
    const text = name === "-" ? stdin : readFile(world, session.machine, resolvePath(world, session, name));
    if (text === undefined) {
      warnings += `Warning: Couldn't read data from file "${name}", this makes an empty POST.\n`;
      return { text: "", from: d.from };
    }
    return { text: d.from === "binary" ? text : text.replace(/[\r\n]/g, ""), from: d.from };
  });
  return { data: out, warnings };
}
