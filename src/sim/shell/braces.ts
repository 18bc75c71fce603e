/**
 * bash's brace expansion, the first expansion: `{a,b}.txt` and `{1..5}`, `{01..10..3}`,
 * `{a..e}`, nested, in unquoted text only (dash and busybox ash have none). Bounded by
 * the lab's word limit.
 */
import type { Word, WordPart } from "./word.ts";

type Lit = Extract<WordPart, { k: "lit" }>;

/** The matching `}` of the `{` at `open`, and where its top-level commas are; undefined when there is none. */
function braceAt(text: string, open: number): { close: number; commas: number[] } | undefined {
  let depth = 0;
  const commas: number[] = [];
  for (let i = open; i < text.length; i++) {
    const c = text[i]!;
    if (c === "\\") i++;
    else if (c === "{") depth++;
    else if (c === "}") {
      if (--depth === 0) return { close: i, commas };
    } else if (c === "," && depth === 1) commas.push(i);
  }
  return undefined;
}

function sequence(body: string): string[] | undefined {
  const num = /^(-?\d+)\.\.(-?\d+)(?:\.\.(-?\d+))?$/.exec(body);
  if (num) {
    const a = Number(num[1]);
    const b = Number(num[2]);
    let step = Math.abs(Number(num[3] ?? 1)) || 1;
    const width = [num[1]!, num[2]!].some((s) => /^-?0\d/.test(s)) ? Math.max(num[1]!.length, num[2]!.length) : 0;
    if (a > b) step = -step;
    const out: string[] = [];
    for (let v = a; step > 0 ? v <= b : v >= b; v += step) {
      const s = String(Math.abs(v)).padStart(width - (v < 0 ? 1 : 0), "0");
      out.push(v < 0 ? `-${s}` : s);
      if (out.length > 100_000) return undefined;
    }
    return out;
  }
  const chr = /^([A-Za-z])\.\.([A-Za-z])(?:\.\.(-?\d+))?$/.exec(body);
  if (chr) {
    const a = chr[1]!.charCodeAt(0);
    const b = chr[2]!.charCodeAt(0);
    const step = (Math.abs(Number(chr[3] ?? 1)) || 1) * (a > b ? -1 : 1);
    const out: string[] = [];
    for (let v = a; step > 0 ? v <= b : v >= b; v += step) out.push(String.fromCharCode(v));
    return out;
  }
  return undefined;
}

/** The alternatives of the first brace expression in an unquoted literal part, or undefined. */
function firstBrace(word: Word): { index: number; before: string; after: string; alts: string[] } | undefined {
  for (let index = 0; index < word.length; index++) {
    const p = word[index]!;
    if (p.k !== "lit" || p.q) continue;
    const text = p.v;
    for (let open = text.indexOf("{"); open >= 0; open = text.indexOf("{", open + 1)) {
      if (text[open - 1] === "$") continue;
      const b = braceAt(text, open);
      if (!b) continue;
      const body = text.slice(open + 1, b.close);
      let alts: string[] | undefined;
      if (b.commas.length > 0) {
        const cuts = [open, ...b.commas, b.close];
        alts = cuts.slice(1).map((c, k) => text.slice(cuts[k]! + 1, c));
      } else alts = sequence(body);
      if (alts) return { index, before: text.slice(0, open), after: text.slice(b.close + 1), alts };
    }
  }
  return undefined;
}

/** A word's brace expansion: the words it stands for (itself alone when it has none). */
export function expandBraces(word: Word, limit: number): Word[] {
  const found = firstBrace(word);
  if (!found) return [word];
  const out: Word[] = [];
  for (const alt of found.alts) {
    const part: Lit = { k: "lit", v: found.before + alt + found.after, q: false };
    const next: Word = [...word.slice(0, found.index), part, ...word.slice(found.index + 1)];
    for (const w of expandBraces(next, limit - out.length)) {
      out.push(w);
      if (out.length >= limit) return out;
    }
  }
  return out;
}
