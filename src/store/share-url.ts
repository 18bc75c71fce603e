/**
 * The share URL: the command history, compressed with lz-string into the URL hash
 * (`#cmds=...`). Opening such a URL replays the lines as typed commands, so a hash
 * is untrusted input: it is size-capped, must decompress to printable text within
 * the limits below, and its lines are only ever run as commands, never rendered as HTML.
 * The engine the history ran on follows as `&engine=28` (no key: Docker 26, as every
 * link made before the engine could be chosen).
 */
import LZString from "lz-string";
import { isEngineVersion, type EngineVersion } from "../worker/protocol.ts";

export const SHARE_KEY = "cmds";
export const ENGINE_KEY = "engine";
/** The engine a link without an engine key ran on. */
export const LINK_DEFAULT_ENGINE: EngineVersion = "26";
export const SHARE_LIMITS = {
  /** Characters of the compressed hash itself. */
  maxHashLength: 8_000,
  /** Characters once decompressed. */
  maxTextLength: 20_000,
  maxLines: 200,
  maxLineLength: 500,
} as const;

/** Printable ASCII plus tab: what a person types into the lab's terminal. */
const ALLOWED_LINE = /^[\t\x20-\x7e]*$/;

export function encodeHistory(lines: readonly string[], engine: EngineVersion = LINK_DEFAULT_ENGINE): string {
  const kept = lines.filter((l) => l.trim() !== "").slice(-SHARE_LIMITS.maxLines);
  const parts: string[] = [];
  if (kept.length > 0) parts.push(`${SHARE_KEY}=${LZString.compressToEncodedURIComponent(kept.join("\n"))}`);
  if (engine !== LINK_DEFAULT_ENGINE) parts.push(`${ENGINE_KEY}=${engine}`);
  return parts.join("&");
}

export type DecodeResult =
  | { readonly ok: true; readonly lines: string[]; readonly engine?: EngineVersion }
  | { readonly ok: false; readonly reason: string };

export function decodeHistory(hash: string): DecodeResult {
  const raw = hash.startsWith("#") ? hash.slice(1) : hash;
  if (raw === "") return { ok: true, lines: [] };
  if (raw.length > SHARE_LIMITS.maxHashLength) return { ok: false, reason: "the shared link is too long" };
  const amp = raw.indexOf("&");
  const first = amp < 0 ? raw : raw.slice(0, amp);
  const rest = amp < 0 ? "" : raw.slice(amp + 1);
  let engine: EngineVersion | undefined;
  for (const param of [first, rest]) {
    if (!param.startsWith(`${ENGINE_KEY}=`)) continue;
    const v = param.slice(ENGINE_KEY.length + 1);
    if (!isEngineVersion(v)) return { ok: false, reason: "the link names a Docker engine the lab does not run" };
    engine = v;
  }
  const withEngine = (r: { ok: true; lines: string[] }): DecodeResult => (engine ? { ...r, engine } : r);
  if (first.startsWith(`${ENGINE_KEY}=`) && rest === "") return withEngine({ ok: true, lines: [] });
  if (!first.startsWith(`${SHARE_KEY}=`)) return { ok: false, reason: "the link has no command history" };
  if (rest !== "" && !rest.startsWith(`${ENGINE_KEY}=`)) return { ok: false, reason: "the shared link is damaged" };
  const payload = first.slice(SHARE_KEY.length + 1);
  if (!/^[A-Za-z0-9+\-$]*$/.test(payload)) return { ok: false, reason: "the shared link is damaged" };
  let text: string | null;
  try {
    text = LZString.decompressFromEncodedURIComponent(payload);
  } catch {
    text = null;
  }
  if (text === null || text === "") return { ok: false, reason: "the shared link is damaged" };
  if (text.length > SHARE_LIMITS.maxTextLength) return { ok: false, reason: "the shared history is too long" };
  const lines = text.split("\n");
  if (lines.length > SHARE_LIMITS.maxLines) return { ok: false, reason: "the shared history has too many commands" };
  for (const l of lines) {
    if (l.length > SHARE_LIMITS.maxLineLength || !ALLOWED_LINE.test(l))
      return { ok: false, reason: "the shared history holds a line that cannot be typed" };
  }
  return withEngine({ ok: true, lines: lines.filter((l) => l.trim() !== "") });
}
