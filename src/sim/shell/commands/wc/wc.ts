/** `wc` with its column widths. */
import type { Command } from "../../command.ts";
import { readInputs } from "../../lib/inputs.ts";
import { usageError } from "../../lib/text.ts";

/** Bytes in UTF-8, which is what wc -c counts. */
function utf8Length(s: string): number {
  let n = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}

export const wc: Command = (argv, ctx) => {
  let lines = false;
  let words = false;
  let chars = false;
  const files: string[] = [];
  for (const a of argv.slice(1)) {
    if (a.startsWith("-") && a !== "-") {
      for (const ch of a.slice(1)) {
        if (ch === "l") lines = true;
        else if (ch === "w") words = true;
        else if (ch === "c" || ch === "m") chars = true;
        else return usageError(ctx, "wc", `invalid option -- '${ch}'`);
      }
    } else files.push(a);
  }
  if (!lines && !words && !chars) lines = words = chars = true;
  const r = readInputs("wc", files, ctx);
  const rows = r.inputs.map((i) => ({
    name: i.name === "-" && files.length === 0 ? "" : i.name,
    l: (i.text.match(/\n/g) ?? []).length,
    w: (i.text.match(/\S+/g) ?? []).length,
    c: utf8Length(i.text),
  }));
  if (rows.length > 1)
    rows.push({
      name: "total",
      l: rows.reduce((s, x) => s + x.l, 0),
      w: rows.reduce((s, x) => s + x.w, 0),
      c: rows.reduce((s, x) => s + x.c, 0),
    });
  const selected = [lines, words, chars].filter(Boolean).length;
  const fromStdin = r.inputs.some((i) => i.name === "-");
  const totalBytes = r.inputs.reduce((s, i) => s + utf8Length(i.text), 0);
  const width = selected === 1 && r.inputs.length === 1 ? 1 : fromStdin ? 7 : String(totalBytes).length;
  const stdout = rows
    .map((row) => {
      const cols: number[] = [];
      if (lines) cols.push(row.l);
      if (words) cols.push(row.w);
      if (chars) cols.push(row.c);
      return cols.map((n) => String(n).padStart(width, " ")).join(" ") + (row.name ? ` ${row.name}` : "") + "\n";
    })
    .join("");
  return { world: ctx.world, stdout, stderr: r.stderr, exitCode: r.failed ? 1 : 0 };
};
