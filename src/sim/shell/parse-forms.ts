/**
 * The forms that start with an operator or a name rather than a reserved word:
 * `( LIST )`, `name() COMPOUND` and `function name COMPOUND`, `[[ EXPRESSION ]]`
 * and `(( EXPRESSION ))`. Like compound.ts they keep their lists as source text.
 */
import {
  OPENERS,
  parseCompound,
  reserved,
  sourceOf,
  type Compound,
  type CompoundError,
  type CondArg,
} from "./compound.ts";
import type { Token } from "./lex.ts";
import type { WordPart } from "./word.ts";

type Parsed = { node: Compound; next: number } | CompoundError;

const NAME = /^[A-Za-z_][A-Za-z0-9_.:-]*$/;
const BINARY = new Set(["==", "=", "!=", "=~", "-eq", "-ne", "-lt", "-le", "-gt", "-ge", "-nt", "-ot", "-ef"]);

function isOp(t: Token | undefined, v: string): boolean {
  return t?.kind === "op" && t.value === v;
}

function near(t: Token | undefined): CompoundError {
  if (!t) return { eof: true, expecting: "" };
  if (t.kind === "op") return { near: t.value === "\n" ? "newline" : t.value, at: t.at ?? 0 };
  if (t.kind === "word") return { near: t.value, at: t.at ?? 0 };
  if (t.kind === "arith") return { near: "((", at: t.at };
  return { near: "newline", at: 0 };
}

/** `( LIST )` from the `(` at `i`. */
export function parseSubshell(line: string, tokens: readonly Token[], i: number): Parsed {
  let depth = 0;
  for (let j = i; j < tokens.length; j++) {
    const t = tokens[j]!;
    if (isOp(t, "(")) depth++;
    else if (isOp(t, ")") && --depth === 0) {
      const body = sourceOf(line, tokens, i + 1, j);
      if (body.trim() === "") return near(t);
      return { node: { kind: "subshell", body }, next: j + 1 };
    }
  }
  return { eof: true, expecting: ")" };
}

/** Whether `tokens[i]` starts `name()`. */
export function isFunctionDef(tokens: readonly Token[], i: number): boolean {
  const t = tokens[i];
  return t?.kind === "word" && !t.value.includes("=") && isOp(tokens[i + 1], "(") && isOp(tokens[i + 2], ")");
}

/** `name() COMPOUND` (at the name) or `function name [()] COMPOUND` (at `function`). */
export function parseFunction(line: string, tokens: readonly Token[], i: number): Parsed {
  let j = i;
  if (reserved(tokens[j]) === "function") j++;
  const nameTok = tokens[j];
  if (!nameTok || nameTok.kind !== "word") return near(nameTok);
  j++;
  if (isOp(tokens[j], "(")) {
    if (!isOp(tokens[j + 1], ")")) return near(tokens[j + 1]);
    j += 2;
  }
  while (isOp(tokens[j], "\n")) j++;
  const start = tokens[j];
  if (!start) return { eof: true, expecting: "" };
  const kw = reserved(start);
  let body: Parsed;
  if (isOp(start, "(")) body = parseSubshell(line, tokens, j);
  else if (kw !== undefined && Object.hasOwn(OPENERS, kw)) body = parseCompound(line, tokens, j);
  else return near(start);
  if (!("node" in body)) return body;
  if (!NAME.test(nameTok.value)) return { near: nameTok.value, at: nameTok.at ?? 0 };
  return { node: { kind: "func", name: nameTok.value, body: sourceOf(line, tokens, j, body.next) }, next: body.next };
}

/** `[[ … ]]` from the `[[` at `i`: its words and operators up to `]]`. */
export function parseCond(line: string, tokens: readonly Token[], i: number): Parsed {
  const args: CondArg[] = [];
  for (let j = i + 1; j < tokens.length; j++) {
    const t = tokens[j]!;
    const prev = args[args.length - 1];
    if (prev && "word" in prev && prev.text === "=~") {
      // The regular expression after `=~` is one word, parentheses and `|` included, up to a blank.
      const word: WordPart[] = [];
      let text = "";
      let k = j;
      for (; k < tokens.length; k++) {
        const x = tokens[k]!;
        const at = x.kind === "heredoc" ? 0 : (x.at ?? 0);
        if (k > j && /\s/.test(line[at - 1] ?? " ")) break;
        if (x.kind === "word" && reserved(x) !== "]]") {
          word.push(...x.parts);
          text += x.value;
        } else if (x.kind === "op" && (x.value === "(" || x.value === ")" || x.value === "|")) {
          word.push({ k: "lit", v: x.value, q: false });
          text += x.value;
        } else break;
      }
      if (word.length > 0) {
        args.push({ word, text });
        j = k - 1;
        continue;
      }
    }
    if (t.kind === "word") {
      if (reserved(t) === "]]") {
        const last = args[args.length - 1];
        if (last && "word" in last && BINARY.has(last.text) && args.length >= 2)
          return { cond: "unexpected argument `]]' to conditional binary operator", at: t.at ?? 0 };
        return { node: { kind: "cond", args }, next: j + 1 };
      }
      args.push({ word: t.parts, text: t.value });
    } else if (t.kind === "op") {
      if (t.value === "\n" || t.value === ";" || t.value === "|" || t.value === "&" || t.value === ";;") return near(t);
      args.push({ op: t.value });
    } else return near(t);
  }
  return { eof: true, expecting: "]]" };
}
