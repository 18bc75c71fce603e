/**
 * Text as the bytes a program reads: the lab's files and pipes hold strings, which a
 * real machine would hold as UTF-8. The core has no DOM lib (no TextEncoder, atob), so
 * the byte tools (od, xxd, base64, md5sum, jq's @base64) share these.
 */

export function utf8Encode(s: string): number[] {
  const out: number[] = [];
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return out;
}

/** Bytes back to text; a byte that is no valid UTF-8 becomes U+FFFD, as a terminal would show it. */
export function utf8Decode(b: readonly number[]): string {
  let s = "";
  for (let i = 0; i < b.length;) {
    const x = b[i]!;
    const need = x < 0x80 ? 0 : x >> 5 === 6 ? 1 : x >> 4 === 14 ? 2 : x >> 3 === 30 ? 3 : -1;
    if (need < 0 || i + need >= b.length) {
      s += "\uFFFD";
      i++;
      continue;
    }
    let c = need === 0 ? x : x & (0x3f >> need);
    let ok = true;
    for (let k = 1; k <= need; k++) {
      const y = b[i + k]!;
      if (y >> 6 !== 2) ok = false;
      c = (c << 6) | (y & 63);
    }
    if (!ok) {
      s += "\uFFFD";
      i++;
      continue;
    }
    s += String.fromCodePoint(c);
    i += need + 1;
  }
  return s;
}

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

export function b64Encode(b: readonly number[]): string {
  let s = "";
  for (let i = 0; i < b.length; i += 3) {
    const n = (b[i]! << 16) | ((b[i + 1] ?? 0) << 8) | (b[i + 2] ?? 0);
    s += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]!;
    s += i + 1 < b.length ? B64[(n >> 6) & 63]! : "=";
    s += i + 2 < b.length ? B64[n & 63]! : "=";
  }
  return s;
}

/**
 * Base64 to bytes: the bytes decoded before the first character that is not base64
 * (`bad` is then set), as GNU base64 -d writes what it decoded before failing.
 */
export function b64Decode(s: string): { bytes: number[]; bad: boolean } {
  const bytes: number[] = [];
  let acc = 0;
  let bits = 0;
  let pad = false;
  for (const ch of s) {
    if (ch === "=") {
      pad = true;
      continue;
    }
    const v = B64.indexOf(ch);
    if (v < 0 || pad) return { bytes, bad: true };
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((acc >> bits) & 255);
    }
  }
  return { bytes, bad: bits >= 6 };
}
