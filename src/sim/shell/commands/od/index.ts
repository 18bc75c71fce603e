/**
 * `od`: dump files in octal and other formats (GNU coreutils 9.1; busybox's prints the
 * same for these): -c, -x, -o (the default), -d, -b, -t TYPE (x1 x2 o1 o2 d1 d2 u1 u2 c),
 * -A RADIX; a line repeating the one before is shown as `*`.
 */
import type { Command, CommandResult } from "../../command.ts";
import { type CommandModule, flag, FREE, valued } from "../../spec.ts";
import { utf8Encode } from "../../lib/bytes.ts";
import { openEach } from "../../lib/files.ts";

const C_ESC: Record<number, string> = {
  0: "\\0",
  7: "\\a",
  8: "\\b",
  9: "\\t",
  10: "\\n",
  11: "\\v",
  12: "\\f",
  13: "\\r",
};

interface Fmt {
  readonly kind: "c" | "x" | "o" | "d" | "u";
  readonly size: 1 | 2 | 4;
}

function field(f: Fmt, bytes: readonly number[], i: number): string {
  if (f.kind === "c") {
    const b = bytes[i]!;
    const s = C_ESC[b] ?? (b >= 32 && b < 127 ? String.fromCharCode(b) : b.toString(8).padStart(3, "0"));
    return s.padStart(4, " ");
  }
  let v = 0;
  for (let k = f.size - 1; k >= 0; k--) v = v * 256 + (bytes[i + k] ?? 0);
  const bits = 8 * f.size;
  if (f.kind === "d" && v >= 2 ** (bits - 1)) v -= 2 ** bits;
  const width = { x: [2, 4, 8], o: [3, 6, 11], d: [4, 6, 11], u: [3, 5, 10] }[f.kind][
    f.size === 1 ? 0 : f.size === 2 ? 1 : 2
  ]!;
  const s = f.kind === "x" ? v.toString(16) : f.kind === "o" ? v.toString(8) : String(v);
  return " " + (f.kind === "x" || f.kind === "o" ? s.padStart(width, "0") : s.padStart(width, " "));
}

const od: Command = (argv, ctx): CommandResult => {
  let fmt: Fmt = { kind: "o", size: 2 };
  let radix = "o";
  const files: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "-c") fmt = { kind: "c", size: 1 };
    else if (a === "-x") fmt = { kind: "x", size: 2 };
    else if (a === "-o") fmt = { kind: "o", size: 2 };
    else if (a === "-d") fmt = { kind: "u", size: 2 };
    else if (a === "-b") fmt = { kind: "o", size: 1 };
    else if (a === "-t" || (a.startsWith("-t") && a.length > 2)) {
      const t = a === "-t" ? (argv[++i] ?? "") : a.slice(2);
      const m = /^([xoduc])(\d?)$/.exec(t);
      if (!m) return { world: ctx.world, stdout: "", stderr: `od: invalid type string '${t}'\n`, exitCode: 1 };
      fmt = { kind: m[1] as Fmt["kind"], size: m[1] === "c" ? 1 : (Number(m[2] || 4) as 1 | 2 | 4) };
    } else if (a === "-A" || (a.startsWith("-A") && a.length > 2)) radix = a === "-A" ? (argv[++i] ?? "o") : a.slice(2);
    else if (/^-A?n$/.test(a) || a === "-An") radix = "n";
    else files.push(a);
  }
  let stderr = "";
  let text = "";
  let status = 0;
  for (const f of openEach(ctx, files)) {
    if (f.text === undefined) {
      stderr += `od: ${f.name}: ${f.why}\n`;
      status = 1;
    } else text += f.text;
  }
  if (status && files.every((f) => !openEach(ctx, [f])[0]!.text))
    return { world: ctx.world, stdout: "", stderr, exitCode: 1 };
  const bytes = utf8Encode(text);
  const addr = (n: number) =>
    radix === "n"
      ? ""
      : radix === "x"
        ? n.toString(16).padStart(6, "0")
        : radix === "d"
          ? String(n).padStart(7, "0")
          : n.toString(8).padStart(7, "0");
  let stdout = "";
  let prev: string | undefined;
  let starred = false;
  for (let o = 0; o < bytes.length; o += 16) {
    const chunk = bytes.slice(o, o + 16);
    let line = "";
    for (let i = 0; i < chunk.length; i += fmt.size) line += field(fmt, chunk, i);
    if (prev === line && chunk.length === 16) {
      if (!starred) stdout += "*\n";
      starred = true;
      continue;
    }
    starred = false;
    prev = chunk.length === 16 ? line : undefined;
    stdout += `${addr(o)}${line}\n`;
  }
  if (radix !== "n") stdout += `${addr(bytes.length)}\n`;
  return { world: ctx.world, stdout, stderr, exitCode: status };
};

export const COMMAND: CommandModule = {
  spec: {
    name: "od",
    summary: "dump files in octal and other formats",
    options: [flag("-c"), flag("-x"), valued("-t"), valued("-A")],
    args: [FREE],
  },
  run: od,
};
