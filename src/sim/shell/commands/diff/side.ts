/**
 * GNU diff's side-by-side output (`diff -y`, and `sdiff`, which runs it): each line cut to a
 * half width, the gutter mark (`|`, `<`, `>`) at a fixed column, and the columns padded with
 * tabs as side.c pads them, so the output is byte for byte what the oracle prints.
 */
import type { Hunk } from "./lcs.ts";

const TAB = 8;
const GUTTER_MIN = 3;

/** The half width and the second column's offset for a total width (diff.c, -W; 130 by default). */
export function columns(width: number): { half: number; col2: number } {
  const off = Math.floor((width + TAB + GUTTER_MIN) / (2 * TAB)) * TAB;
  const half = Math.max(0, Math.min(off - GUTTER_MIN, width - off));
  return { half, col2: half < off ? off : width };
}

/** Pads from column `from` to `to` with tabs, then spaces (tab_from_to). */
function tabTo(from: number, to: number): string {
  let out = "";
  let at = from;
  for (let tab = at + TAB - (at % TAB); tab <= to; tab += TAB) {
    out += "\t";
    at = tab;
  }
  return out + " ".repeat(Math.max(0, to - at));
}

/** A line's text cut to `bound` columns, tabs kept where they fit (print_half_line). */
function half(line: string, indent: number, bound: number): { text: string; col: number } {
  let text = "";
  let inPos = 0;
  let outPos = 0;
  for (const c of line.replace(/\n$/, "")) {
    if (c === "\t") {
      const spaces = TAB - ((inPos + indent) % TAB);
      if (inPos === outPos && outPos + spaces < bound) {
        outPos += spaces;
        text += c;
      }
      inPos += spaces;
    } else if (inPos++ < bound) {
      outPos = inPos;
      text += c;
    }
  }
  return { text, col: outPos };
}

function row(left: string | undefined, sep: string, right: string | undefined, half_: number, col2: number): string {
  let out = "";
  let col = 0;
  if (left !== undefined) {
    const h = half(left, 0, half_);
    out += h.text;
    col = h.col;
  }
  if (sep !== " ") {
    out += tabTo(col, Math.floor((half_ + col2 - 1) / 2)) + sep;
    col = Math.floor((half_ + col2 - 1) / 2) + 1;
  }
  if (right !== undefined && right !== "\n" && right !== "") {
    out += tabTo(col, col2) + half(right, col2, half_).text;
  }
  return out + "\n";
}

/** The two files side by side; common lines left out with --suppress-common-lines. */
export function sideBySide(a: string[], b: string[], hs: readonly Hunk[], width: number, suppress: boolean): string {
  const { half: hw, col2 } = columns(width);
  let out = "";
  let i = 0;
  let j = 0;
  const common = (to: number) => {
    for (; i < to; i++, j++) if (!suppress) out += row(a[i], " ", b[j], hw, col2);
  };
  for (const h of hs) {
    common(h.a0);
    let x = h.a0;
    let y = h.b0;
    for (; x < h.a1 && y < h.b1; x++, y++) out += row(a[x], "|", b[y], hw, col2);
    for (; y < h.b1; y++) out += row(undefined, ">", b[y], hw, col2);
    for (; x < h.a1; x++) out += row(a[x], "<", undefined, hw, col2);
    i = h.a1;
    j = h.b1;
  }
  common(a.length);
  return out;
}
