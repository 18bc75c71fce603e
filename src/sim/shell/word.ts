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
      /** `${NAME:-word}` and its kin; `#` for `${#NAME}`; the rest are in params.ts. */
      readonly op?: ParamOp;
      readonly arg?: Word;
      /** The replacement of `${NAME/pattern/word}`; the length of `${NAME:offset:length}`. */
      readonly arg2?: Word;
      /** `${NAME[index]}`: the subscript as typed (`@`, `*`, or an arithmetic expression). */
      readonly index?: string;
    }
  | { readonly k: "cmd"; readonly src: string; readonly q: boolean }
  | { readonly k: "arith"; readonly src: string; readonly q: boolean }
  /** `<(list)`: a path the list's output can be read from. */
  | { readonly k: "psub"; readonly src: string; readonly q: false }
  | { readonly k: "tilde" };

export type Word = readonly WordPart[];

export type ParamOp =
  | ":-"
  | "-"
  | ":+"
  | "+"
  | ":="
  | "="
  | ":?"
  | "?"
  | "#"
  | "#p"
  | "##"
  | "%"
  | "%%"
  | "/"
  | "//"
  | "/#"
  | "/%"
  | "^"
  | "^^"
  | ","
  | ",,"
  | "~"
  | "~~"
  | ":"
  | "@"
  | "!keys";

export type Scan = { readonly part: WordPart; readonly end: number } | { readonly error: string };

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
const SPECIAL = "?$#!-@*0123456789";

/** Where the `)` that closes a `$(` opened just before `from` is, skipping quotes and nested parentheses. */
export function closingParenAt(line: string, from: number): number {
  return closingParen(line, from);
}

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
    const close = closingBrace(line, i + 2);
    if (close < 0) return { error: "bash: unexpected EOF while looking for matching `}'\n" };
    const part = paramPart(line.slice(i + 2, close), quoted);
    return "error" in part ? part : { part, end: close + 1 };
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

/** Where the `}` closing a `${` is, skipping quotes and nested `${...}`. */
function closingBrace(line: string, from: number): number {
  let depth = 1;
  for (let i = from; i < line.length; i++) {
    const c = line[i]!;
    if (c === "\\") i++;
    else if (c === "'") {
      const e = line.indexOf("'", i + 1);
      if (e < 0) return -1;
      i = e;
    } else if (c === "$" && line[i + 1] === "{") {
      depth++;
      i++;
    } else if (c === "}" && --depth === 0) return i;
  }
  return -1;
}

/** Where the first unquoted, unescaped `stop` is in `text`, or -1. */
function unquotedIndex(text: string, stop: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "\\") i++;
    else if (c === "'" || c === '"') {
      const e = text.indexOf(c, i + 1);
      if (e < 0) return -1;
      i = e;
    } else if (c === stop) return i;
  }
  return -1;
}

const OPS: readonly ParamOp[] = [
  ":-",
  ":+",
  ":=",
  ":?",
  "-",
  "+",
  "=",
  "?",
  "##",
  "#",
  "%%",
  "%",
  "^^",
  "^",
  ",,",
  ",",
  "~~",
  "~",
];

/**
 * `NAME[index]rest` with an optional `!` or `#` before it; the subscript may hold brackets
 * and expansions of its own (`${a[${#a[@]}-1]}`), so its end is the `]` that balances it.
 */
function subscripted(body: string): { lead: string; name: string; index: string; after: string } | undefined {
  const m = /^([!#]?)([A-Za-z_][A-Za-z0-9_]*)\[/.exec(body);
  if (!m) return undefined;
  let depth = 0;
  for (let i = m[0].length; i < body.length; i++) {
    const c = body[i]!;
    if (c === "[" || c === "{") depth++;
    else if (c === "}") depth--;
    else if (c === "]" && depth-- === 0)
      return { lead: m[1]!, name: m[2]!, index: body.slice(m[0].length, i), after: body.slice(i + 1) };
  }
  return undefined;
}

/** The inside of `${...}`: a name and what to do with its value. */
function paramPart(body: string, quoted: boolean): WordPart | { error: string } {
  const bad = { error: `bash: \${${body}}: bad substitution\n` };
  const sub = subscripted(body);
  if (sub) {
    const { lead, name, index, after } = sub;
    if (lead === "!" && (index === "@" || index === "*") && after === "")
      return { k: "var", name: name, q: quoted, op: "!keys", index };
    if (lead === "#" && after === "") return { k: "var", name: name, q: quoted, op: "#", index };
    if (lead !== "") return bad;
    const rest = paramPart(`${name}${after}`, quoted);
    return "error" in rest || rest.k !== "var" ? bad : { ...rest, index };
  }
  if (body.startsWith("#") && body.length > 1) {
    const name = body.slice(1);
    if (NAME.exec(name)?.[0] === name || (name.length === 1 && SPECIAL.includes(name)))
      return { k: "var", name, q: quoted, op: "#" };
  }
  const m = NAME.exec(body) ?? /^\d+/.exec(body) ?? (body[0] && SPECIAL.includes(body[0]) ? [body[0]] : null);
  if (!m) return bad;
  const name = m[0];
  const rest = body.slice(name.length);
  if (rest === "") return { k: "var", name, q: quoted };
  if (rest.startsWith("/")) {
    const kind = rest[1] === "/" || rest[1] === "#" || rest[1] === "%" ? (`/${rest[1]}` as ParamOp) : "/";
    const spec = rest.slice(kind.length);
    const slash = unquotedIndex(spec, "/");
    const pat = slash < 0 ? spec : spec.slice(0, slash);
    const rep = slash < 0 ? "" : spec.slice(slash + 1);
    return { k: "var", name, q: quoted, op: kind, arg: wordOfText(pat), arg2: wordOfText(rep) };
  }
  if (rest.startsWith(":") && !/^:[-+=?]/.test(rest)) {
    const colon = rest.indexOf(":", 1);
    const off = colon < 0 ? rest.slice(1) : rest.slice(1, colon);
    const len = colon < 0 ? undefined : rest.slice(colon + 1);
    return {
      k: "var",
      name,
      q: quoted,
      op: ":",
      arg: [{ k: "lit", v: off, q: true }],
      ...(len !== undefined ? { arg2: [{ k: "lit", v: len, q: true }] as Word } : {}),
    };
  }
  if (rest.startsWith("@"))
    return /^@[QEULua]$/.test(rest)
      ? { k: "var", name, q: quoted, op: "@", arg: [{ k: "lit", v: rest[1]!, q: true }] }
      : bad;
  const op = OPS.find((o) => rest.startsWith(o));
  if (!op) return bad;
  return { k: "var", name, q: quoted, op: op === "#" ? "#p" : op, arg: wordOfText(rest.slice(op.length)) };
}

/**
 * The word inside `${NAME:-word}` and its kin, read as the shell reads a word:
 * quotes, backslashes and expansions; quoted text is marked so a pattern takes it literally.
 */
export function wordOfText(text: string): Word {
  const out: WordPart[] = [];
  const lit = (v: string, q: boolean) => {
    const prev = out[out.length - 1];
    if (prev && prev.k === "lit" && prev.q === q) out[out.length - 1] = { k: "lit", v: prev.v + v, q };
    else out.push({ k: "lit", v, q });
  };
  for (let i = 0; i < text.length;) {
    const c = text[i]!;
    if (c === "\\" && i + 1 < text.length) {
      lit(text[i + 1]!, true);
      i += 2;
    } else if (c === "'") {
      const e = text.indexOf("'", i + 1);
      const end = e < 0 ? text.length : e;
      lit(text.slice(i + 1, end), true);
      i = end + 1;
    } else if (c === '"') {
      let j = i + 1;
      lit("", true);
      while (j < text.length && text[j] !== '"') {
        const d = text[j]!;
        if (d === "\\" && j + 1 < text.length && '"\\$`'.includes(text[j + 1]!)) {
          lit(text[j + 1]!, true);
          j += 2;
          continue;
        }
        const scan = d === "$" ? scanDollar(text, j, true) : d === "`" ? scanBackquote(text, j, true) : undefined;
        if (scan && "part" in scan) {
          out.push(scan.part);
          j = scan.end;
        } else {
          lit(d, true);
          j++;
        }
      }
      i = j + 1;
    } else if (c === "$" && text[i + 1] === "'") {
      // `${v%%$'\n'*}`: bash's ANSI-C quoting inside the word, literal text once decoded.
      const ansi = ansiC(text, i + 2);
      lit(ansi?.text ?? text.slice(i + 2), true);
      i = ansi?.end ?? text.length;
    } else if (c === "$" || c === "`") {
      const scan = c === "$" ? scanDollar(text, i, false) : scanBackquote(text, i, false);
      if (scan && "part" in scan) {
        out.push(scan.part);
        i = scan.end;
      } else {
        lit(c, false);
        i++;
      }
    } else {
      lit(c, false);
      i++;
    }
  }
  return out;
}

/** A here-document's body when its delimiter was not quoted: `$` and backquote expansions, `\` before `$ \` \\` and newline. */
export function heredocWord(text: string): Word {
  const out: WordPart[] = [];
  let lit = "";
  const flush = () => {
    if (lit !== "") out.push({ k: "lit", v: lit, q: true });
    lit = "";
  };
  for (let i = 0; i < text.length;) {
    const c = text[i]!;
    if (c === "\\" && i + 1 < text.length && "$`\\\n".includes(text[i + 1]!)) {
      if (text[i + 1] !== "\n") lit += text[i + 1];
      i += 2;
      continue;
    }
    const scan = c === "$" ? scanDollar(text, i, true) : c === "`" ? scanBackquote(text, i, true) : undefined;
    if (scan && "part" in scan) {
      flush();
      out.push(scan.part);
      i = scan.end;
    } else {
      lit += c;
      i++;
    }
  }
  flush();
  return out;
}

const ESCAPES: Record<string, string> = { n: "\n", t: "\t", r: "\r", a: "\x07", b: "\b", e: "\x1b", E: "\x1b", f: "\f", v: "\v", "\\": "\\", "'": "'", '"': '"', "?": "?" }; // prettier-ignore

/** bash's `$'...'`: the text with its backslash escapes decoded, and where it ends. */
export function ansiC(line: string, from: number): { text: string; end: number } | undefined {
  let text = "";
  for (let i = from; i < line.length; i++) {
    const c = line[i]!;
    if (c === "'") return { text, end: i + 1 };
    if (c !== "\\" || i + 1 >= line.length) {
      text += c;
      continue;
    }
    const d = line[++i]!;
    if (Object.hasOwn(ESCAPES, d)) text += ESCAPES[d];
    else if (d === "x") {
      const m = /^[0-9A-Fa-f]{1,2}/.exec(line.slice(i + 1));
      if (m) {
        text += String.fromCharCode(parseInt(m[0], 16));
        i += m[0].length;
      } else text += "\\x";
    } else if (/[0-7]/.test(d)) {
      const m = /^[0-7]{1,3}/.exec(line.slice(i))!;
      text += String.fromCharCode(parseInt(m[0], 8) & 255);
      i += m[0].length - 1;
    } else text += "\\" + d;
  }
  return undefined;
}
