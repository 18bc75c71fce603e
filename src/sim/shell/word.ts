/**
 * A word as the parser leaves it for the shell to expand when the command runs:
 * literal text (quoted or not, which decides word splitting and pathname
 * expansion), parameters (`$NAME`, `${NAME}`, `${NAME:-word}`, `$?`, `$$`),
 * command substitutions (`$(...)` and backticks), arithmetic (`$((...))`) and a
 * leading `~`. The scanners here find where each of them ends in the line.
 */

export type WordPart =
  | { readonly k: "lit"; readonly v: string; readonly q: boolean }
  | {
      readonly k: "var";
      readonly name: string;
      readonly q: boolean;
      /** `${NAME:-word}` and its kin; `#` for `${#NAME}`. */
      readonly op?: ":-" | "-" | ":+" | "+" | ":=" | "=" | "#";
      readonly arg?: Word;
    }
  | { readonly k: "cmd"; readonly src: string; readonly q: boolean }
  | { readonly k: "arith"; readonly src: string; readonly q: boolean }
  | { readonly k: "tilde" };

export type Word = readonly WordPart[];

export type Scan = { readonly part: WordPart; readonly end: number } | { readonly error: string };

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
const SPECIAL = "?$#!-@*0123456789";

/** Where the `)` that closes a `$(` opened just before `from` is, skipping quotes and nested parentheses. */
function closingParen(line: string, from: number): number {
  let depth = 1;
  for (let i = from; i < line.length; i++) {
    const c = line[i]!;
    if (c === "\\") i++;
    else if (c === "'") {
      const e = line.indexOf("'", i + 1);
      if (e < 0) return -1;
      i = e;
    } else if (c === '"') {
      let j = i + 1;
      while (j < line.length && line[j] !== '"') j += line[j] === "\\" ? 2 : 1;
      if (j >= line.length) return -1;
      i = j;
    } else if (c === "(") depth++;
    else if (c === ")" && --depth === 0) return i;
  }
  return -1;
}

const EOF_PAREN = "bash: unexpected EOF while looking for matching `)'\n";

/** Scans the expansion at `line[i] === "$"`; undefined when the `$` is a literal one. */
export function scanDollar(line: string, i: number, quoted: boolean): Scan | undefined {
  const next = line[i + 1];
  if (next === undefined) return undefined;
  if (next === "(") {
    if (line[i + 2] === "(") {
      const end = closingParen(line, i + 3);
      if (end >= 0 && line[end + 1] === ")")
        return { part: { k: "arith", src: line.slice(i + 3, end), q: quoted }, end: end + 2 };
    }
    const end = closingParen(line, i + 2);
    if (end < 0) return { error: EOF_PAREN };
    return { part: { k: "cmd", src: line.slice(i + 2, end), q: quoted }, end: end + 1 };
  }
  if (next === "{") {
    const close = line.indexOf("}", i + 2);
    if (close < 0) return { error: "bash: unexpected EOF while looking for matching `}'\n" };
    const body = line.slice(i + 2, close);
    if (body.startsWith("#") && body.length > 1) {
      const name = body.slice(1);
      if (NAME.exec(name)?.[0] === name || (name.length === 1 && SPECIAL.includes(name)))
        return { part: { k: "var", name, q: quoted, op: "#" }, end: close + 1 };
    }
    const m = NAME.exec(body) ?? (body[0] && SPECIAL.includes(body[0]) ? [body[0]] : null);
    if (!m) return { error: `bash: \${${body}}: bad substitution\n` };
    const name = m[0];
    const rest = body.slice(name.length);
    if (rest === "") return { part: { k: "var", name, q: quoted }, end: close + 1 };
    const op = /^(:-|-|:\+|\+|:=|=)/.exec(rest)?.[0] as ":-" | "-" | ":+" | "+" | ":=" | "=" | undefined;
    if (!op) return { error: `bash: \${${body}}: bad substitution\n` };
    const arg: Word = [{ k: "lit", v: rest.slice(op.length), q: true }];
    return { part: { k: "var", name, q: quoted, op, arg }, end: close + 1 };
  }
  if (SPECIAL.includes(next)) return { part: { k: "var", name: next, q: quoted }, end: i + 2 };
  const m = NAME.exec(line.slice(i + 1));
  if (m) return { part: { k: "var", name: m[0], q: quoted }, end: i + 1 + m[0].length };
  return undefined;
}

/** Scans a backquoted command substitution at `line[i] === "`"`: `\``, `\\` and `\$` inside stand for themselves. */
export function scanBackquote(line: string, i: number, quoted: boolean): Scan {
  let src = "";
  for (let j = i + 1; j < line.length; j++) {
    const c = line[j]!;
    if (c === "\\" && j + 1 < line.length && "`\\$".includes(line[j + 1]!)) {
      src += line[j + 1];
      j++;
    } else if (c === "`") return { part: { k: "cmd", src, q: quoted }, end: j + 1 };
    else src += c;
  }
  return { error: "bash: unexpected EOF while looking for matching ``'\n" };
}

/** Whether a word needs the shell to expand it (anything beyond literal text). */
export function isExpanding(word: Word): boolean {
  return word.some((p) => p.k !== "lit");
}

/** Whether an unquoted part of the word holds a pattern character (`*`, `?`, `[`). */
export function hasGlob(word: Word): boolean {
  return word.some((p) => p.k === "lit" && !p.q && /[*?[]/.test(p.v));
}
