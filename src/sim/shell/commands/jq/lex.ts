/** jq 1.6's lexer (lexer.l): tokens with their offsets, strings with their `\(...)` parts. */

export type Tok =
  | { readonly t: "num"; readonly v: number; readonly at: number }
  | { readonly t: "str"; readonly parts: readonly (string | Tok[])[]; readonly at: number; readonly end: number }
  | { readonly t: "ident"; readonly v: string; readonly at: number }
  | { readonly t: "field"; readonly v: string; readonly at: number }
  | { readonly t: "var"; readonly v: string; readonly at: number }
  | { readonly t: "format"; readonly v: string; readonly at: number }
  | { readonly t: "kw"; readonly v: string; readonly at: number }
  | { readonly t: "op"; readonly v: string; readonly at: number }
  | { readonly t: "end"; readonly at: number };

export const KEYWORDS = new Set([
  "def", "if", "then", "elif", "else", "end", "as", "reduce", "foreach", "try", "catch", "label", "import",
  "include", "and", "or", "__loc__",
]); // prettier-ignore

const OPS = ["?//=", "?//", "|=", "+=", "-=", "*=", "/=", "%=", "//=", "==", "!=", "<=", ">=", "//", ".."];

/** A lexing failure: bison's message and the offset it points at. */
export class LexError extends Error {
  constructor(
    readonly msg: string,
    readonly at: number,
  ) {
    super(msg);
  }
}

const IDENT = /^[a-zA-Z_][a-zA-Z_0-9]*(::[a-zA-Z_][a-zA-Z_0-9]*)*/;

/** The tokens of `src` from `pos`, up to the end, or to the `)` closing an interpolation when `nested`. */
export function lex(src: string, pos = 0, nested = false): { toks: Tok[]; end: number } {
  const toks: Tok[] = [];
  let depth = 0;
  let i = pos;
  while (i < src.length) {
    const c = src[i]!;
    if (c === " " || c === "\t" || c === "\n" || c === "\r") {
      i++;
      continue;
    }
    if (c === "#") {
      while (i < src.length && src[i] !== "\n") i++;
      continue;
    }
    if (c === '"') {
      const s = lexString(src, i);
      toks.push(s);
      i = s.end;
      continue;
    }
    const num = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(src.slice(i));
    if (num) {
      toks.push({ t: "num", v: Number(num[0]), at: i });
      i += num[0].length;
      continue;
    }
    if (c === "." && IDENT.test(src.slice(i + 1))) {
      const m = /^[a-zA-Z_][a-zA-Z_0-9]*/.exec(src.slice(i + 1))!;
      toks.push({ t: "field", v: m[0], at: i });
      i += 1 + m[0].length;
      continue;
    }
    if (c === "$" && IDENT.test(src.slice(i + 1))) {
      const m = IDENT.exec(src.slice(i + 1))!;
      toks.push({ t: "var", v: m[0], at: i });
      i += 1 + m[0].length;
      continue;
    }
    if (c === "@" && /^[a-zA-Z0-9_]/.test(src.slice(i + 1))) {
      const m = /^[a-zA-Z0-9_]+/.exec(src.slice(i + 1))!;
      toks.push({ t: "format", v: m[0], at: i });
      i += 1 + m[0].length;
      continue;
    }
    const id = IDENT.exec(src.slice(i));
    if (id) {
      toks.push(KEYWORDS.has(id[0]) ? { t: "kw", v: id[0], at: i } : { t: "ident", v: id[0], at: i });
      i += id[0].length;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (op) {
      toks.push({ t: "op", v: op, at: i });
      i += op.length;
      continue;
    }
    if ("[](){}|,:;=<>+-*/%.?$".includes(c)) {
      if (nested && c === "(") depth++;
      if (nested && c === ")") {
        if (depth === 0) return { toks, end: i + 1 };
        depth--;
      }
      toks.push({ t: "op", v: c, at: i });
      i++;
      continue;
    }
    throw new LexError("syntax error, unexpected INVALID_CHARACTER", i);
  }
  if (nested) throw new LexError("syntax error, unexpected $end", src.length);
  return { toks, end: i };
}

/** A string literal from its opening quote: its text pieces and its interpolations' tokens. */
function lexString(src: string, at: number): Tok & { t: "str" } {
  const parts: (string | Tok[])[] = [];
  let cur = "";
  let i = at + 1;
  while (i < src.length && src[i] !== '"') {
    const c = src[i]!;
    if (c !== "\\") {
      cur += c;
      i++;
      continue;
    }
    const e = src[i + 1];
    if (e === "(") {
      parts.push(cur);
      cur = "";
      const inner = lex(src, i + 2, true);
      parts.push(inner.toks);
      i = inner.end;
      continue;
    }
    if (e === "u") {
      cur += String.fromCharCode(parseInt(src.slice(i + 2, i + 6), 16));
      i += 6;
      continue;
    }
    const m = (
      { n: "\n", t: "\t", r: "\r", b: "\b", f: "\f", '"': '"', "\\": "\\", "/": "/" } as Record<string, string>
    )[e ?? ""];
    if (m === undefined) throw new LexError("syntax error, unexpected INVALID_CHARACTER", i);
    cur += m;
    i += 2;
  }
  if (i >= src.length)
    throw new LexError(
      "syntax error, unexpected $end, expecting QQSTRING_TEXT or QQSTRING_INTERP_START or QQSTRING_END",
      at + 1,
    );
  parts.push(cur);
  return { t: "str", parts, at, end: i + 1 };
}
