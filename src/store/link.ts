/**
 * The share link: `#lab=2.<payload>`, the session's JSON (session-state.ts) compressed with
 * the browser's own DEFLATE (CompressionStream "deflate-raw", about a third smaller than
 * lz-string on the lab's command lines, and nothing to download) in base64url. The version
 * comes first, so a link from a later lab is recognised before anything is decompressed.
 * A link is untrusted input: its length, its decompressed size (read as a stream and cut
 * off, so a small link cannot inflate into a huge one), its UTF-8 and its shape are checked;
 * a problem is a value with a reason, never an exception. Links of the first format
 * (`#cmds=`, lz-string, printable ASCII lines and `#attach` lines) are still read, with the
 * `&engine=28` a lab with the engine picker added to them (`#engine=28` alone: no lines).
 */
import { isEngineVersion, type Entry, type EngineVersion } from "../worker/protocol.ts";
import { RESET } from "../worker/session-log.ts";
import { fromWire, SESSION_LIMITS, toWire, type SessionState } from "./session-state.ts";

export const LINK_KEY = "lab";
export const LINK_VERSION = 2;
/** Characters of the hash a link may have (a longer session goes into a scenario file). */
export const MAX_LINK_LENGTH = 64_000;

export type LinkProblem = "too-long" | "damaged" | "future-version" | "unknown-version" | "not-a-link";

export type DecodedLink =
  | { readonly kind: "none" }
  | { readonly kind: "session"; readonly state: SessionState; readonly version: number }
  | { readonly kind: "problem"; readonly problem: LinkProblem; readonly version?: number };

function toBase64Url(bytes: Uint8Array): string {
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null;
  try {
    const bin = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  } catch {
    return null;
  }
}

async function deflate(text: string): Promise<Uint8Array> {
  const stream = new Blob([new TextEncoder().encode(text)]).stream().pipeThrough(new CompressionStream("deflate-raw"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Inflates at most `max` bytes; more is "too-long", a broken stream "damaged". */
async function inflate(bytes: Uint8Array<ArrayBuffer>, max: number): Promise<Uint8Array | LinkProblem> {
  const reader = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate-raw")).getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > max) {
        void reader.cancel().catch(() => undefined);
        return "too-long";
      }
      chunks.push(value);
    }
  } catch {
    return "damaged";
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** The hash (without `#`) for a session. */
export async function encodeLink(state: SessionState): Promise<string> {
  return `${LINK_KEY}=${LINK_VERSION}.${toBase64Url(await deflate(toWire(state)))}`;
}

export async function decodeLink(hash: string): Promise<DecodedLink> {
  const raw = hash.startsWith("#") ? hash.slice(1) : hash;
  if (raw === "") return { kind: "none" };
  if (raw.length > MAX_LINK_LENGTH) return { kind: "problem", problem: "too-long" };
  if (raw.startsWith("cmds=") || raw.startsWith("engine=")) return decodeFirstFormatWithEngine(raw);
  const m = /^lab=(\d{1,6})\.(.*)$/s.exec(raw);
  if (!m) return { kind: "problem", problem: "not-a-link" };
  const version = Number(m[1]);
  if (version !== LINK_VERSION)
    return { kind: "problem", problem: version > LINK_VERSION ? "future-version" : "unknown-version", version };
  const bytes = fromBase64Url(m[2]!);
  if (!bytes || bytes.length === 0) return { kind: "problem", problem: "damaged", version };
  const inflated = await inflate(bytes, SESSION_LIMITS.maxBytes);
  if (typeof inflated === "string") return { kind: "problem", problem: inflated, version };
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(inflated);
  } catch {
    return { kind: "problem", problem: "damaged", version };
  }
  const read = fromWire(text);
  return read.ok
    ? { kind: "session", state: read.state, version }
    : { kind: "problem", problem: read.problem, version };
}

/**
 * `cmds=PAYLOAD`, `cmds=PAYLOAD&engine=28` or `engine=28`: the engine becomes the session's
 * first line (a `reset` on it), as a session on Docker 28 starts. An engine the lab does not
 * run, or anything else after the lines, is a damaged link.
 */
async function decodeFirstFormatWithEngine(raw: string): Promise<DecodedLink> {
  const [first, ...rest] = raw.split("&");
  const params = raw.startsWith("engine=") ? [first!, ...rest] : rest;
  if (params.length > 1 || (params[0] !== undefined && !params[0].startsWith("engine=")))
    return { kind: "problem", problem: "damaged", version: 1 };
  let engine: EngineVersion | undefined;
  if (params[0] !== undefined) {
    const v = params[0].slice("engine=".length);
    if (!isEngineVersion(v)) return { kind: "problem", problem: "damaged", version: 1 };
    engine = v;
  }
  const read: DecodedLink = raw.startsWith("cmds=")
    ? await decodeFirstFormat(first!.slice(5))
    : { kind: "session", state: { entries: [] }, version: 1 };
  if (read.kind !== "session" || engine === undefined || engine === "26") return read;
  const start: Entry = { line: RESET, machine: "host", engine };
  return { ...read, state: { ...read.state, entries: [start, ...read.state.entries] } };
}

/** The first format: `#cmds=` + lz-string of the lines; `#attach MACHINE` lines moved the terminal. */
async function decodeFirstFormat(payload: string): Promise<DecodedLink> {
  const problem = (p: LinkProblem): DecodedLink => ({ kind: "problem", problem: p, version: 1 });
  if (!/^[A-Za-z0-9+\-$]*$/.test(payload)) return problem("damaged");
  let text: string | null;
  try {
    // Loaded only for these old links. Its output can grow with the square of its input; they were short.
    const { default: LZString } = await import("lz-string");
    text = payload.length > 8_000 ? null : LZString.decompressFromEncodedURIComponent(payload);
  } catch {
    text = null;
  }
  if (text === null || text === "") return problem("damaged");
  if (text.length > SESSION_LIMITS.maxBytes) return problem("too-long");
  const entries: Entry[] = [];
  // These links did not say where each line ran: only where the machine switcher moved the terminal.
  let attach: string | null = null;
  for (const line of text.split("\n")) {
    if (line.startsWith("#attach ")) attach = line.slice(8).trim() || "host";
    else if (line.trim() !== "") {
      entries.push({ line, machine: attach ?? "" });
      attach = null;
    }
  }
  if (entries.length > SESSION_LIMITS.maxEntries) return problem("too-long");
  return { kind: "session", state: { entries, ...(attach === null ? {} : { at: attach }) }, version: 1 };
}
