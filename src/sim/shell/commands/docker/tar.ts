/**
 * The tar stream `docker cp` writes to stdout (`docker cp web:/etc/hostname -`) and reads
 * from stdin (`… | docker cp - other:/tmp`), as Go's archive/tar writes it for the daemon:
 * a 512-byte ustar header per entry (a directory's name ends in `/`), the data padded to
 * 512 bytes, two zero blocks at the end, and no padding to a 10 KiB record as GNU tar
 * does. The stream is a string whose UTF-8 encoding is the archive's bytes (what `wc -c`
 * counts), so a file's text is carried as it is.
 */
import { utf8Decode, utf8Encode } from "../../lib/bytes.ts";

/** One entry below the copied root: its path in the archive, and a file's text (null: a directory). */
export interface TarEntry {
  readonly name: string;
  readonly text: string | null;
  readonly mode: number;
  readonly mtime: number;
}

const BLOCK = 512;
const zeros = (n: number) => "\0".repeat(n);

/** A numeric field: octal, zero-padded, NUL-terminated, as Go's formatOctal writes it. */
function octal(n: number, width: number): string {
  return (
    Math.max(0, Math.floor(n))
      .toString(8)
      .padStart(width - 1, "0") + "\0"
  );
}

function field(s: string, width: number): string {
  return s.slice(0, width).padEnd(width, "\0");
}

const utf8 = (text: string) => utf8Encode(text).length;

function header(e: TarEntry, size: number): string {
  const name = e.text === null && !e.name.endsWith("/") ? e.name + "/" : e.name;
  const fields = [
    field(name, 100),
    octal(e.mode & 0o7777, 8),
    octal(0, 8),
    octal(0, 8),
    octal(size, 12),
    octal(e.mtime / 1000, 12),
    "        ", // the checksum counts itself as spaces
    e.text === null ? "5" : "0",
    zeros(100),
    "ustar\0" + "00",
    field("root", 32),
    field("root", 32),
    octal(0, 8),
    octal(0, 8),
    zeros(155),
  ];
  const h = fields.join("").padEnd(BLOCK, "\0");
  let sum = 0;
  for (let i = 0; i < h.length; i++) sum += h.charCodeAt(i);
  return h.slice(0, 148) + sum.toString(8).padStart(6, "0") + "\0 " + h.slice(156);
}

/** The archive of the entries, in order. */
export function tarStream(entries: readonly TarEntry[]): string {
  let out = "";
  for (const e of entries) {
    const data = e.text ?? "";
    const size = utf8(data);
    out += header(e, size) + data + zeros((BLOCK - (size % BLOCK)) % BLOCK);
  }
  return out + zeros(2 * BLOCK);
}

/** A NUL-terminated field of the header. */
function text(b: readonly number[], from: number, to: number): string {
  const f = b.slice(from, to);
  const end = f.indexOf(0);
  return utf8Decode(end < 0 ? f : f.slice(0, end));
}

const num = (b: readonly number[], from: number, to: number) => parseInt(text(b, from, to).trim() || "0", 8);

/** The entries of an archive read from stdin, or Go's reader's error (`unexpected EOF`). */
export function readTar(stream: string, maxEntries: number): { entries: TarEntry[] } | { error: string } {
  const b = utf8Encode(stream);
  const entries: TarEntry[] = [];
  let pos = 0;
  while (pos < b.length && entries.length < maxEntries) {
    if (b.length - pos < BLOCK) return { error: "unexpected EOF" };
    const h = b.slice(pos, pos + BLOCK);
    // A zero block ends the archive.
    if (h.every((x) => x === 0)) break;
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : h[i]!;
    if (num(h, 148, 156) !== sum) return { error: "archive/tar: invalid tar header" };
    const size = num(h, 124, 136);
    const prefix = text(h, 345, 500);
    const name = (prefix ? prefix + "/" : "") + text(h, 0, 100);
    const type = h[156];
    pos += BLOCK;
    if (b.length - pos < size) return { error: "unexpected EOF" };
    const data = utf8Decode(b.slice(pos, pos + size));
    pos += Math.ceil(size / BLOCK) * BLOCK;
    const meta = { name, mode: num(h, 100, 108), mtime: num(h, 136, 148) * 1000 };
    // '5' a directory; '0' (or NUL, old tars) a file; links and devices are skipped.
    if (type === 0x35) entries.push({ ...meta, text: null });
    else if (type === 0x30 || type === 0) entries.push({ ...meta, text: data });
  }
  return { entries };
}
