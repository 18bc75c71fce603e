/**
 * bash's parameter operators beyond the defaults: `${V#p}` `${V##p}` `${V%p}` `${V%%p}`,
 * `${V/p/r}` `${V//p/r}` `${V/#p/r}` `${V/%p/r}`, `${V:offset:length}`, `${V^^}` `${V,,}`
 * `${V@Q}` and its kin, and `${V:?message}`. dash has only the `#` and `%` ones; the others are bash's (and
 * busybox ash's) and dash calls them a bad substitution.
 */
import type { Word, WordPart } from "./word.ts";
import { ansiCQuoted, needsAnsiC } from "./lib/ansi-c-quote.ts";
import { removeAffix, replacePattern, type PatternPiece } from "./pattern.ts";

export interface ParamEnv {
  /** A word expanded to text (no splitting). */
  text(word: Word): string;
  /** A word expanded to pattern pieces: quoted text literal, the rest a pattern. */
  pieces(word: Word): PatternPiece[];
  /** An arithmetic expression's value, or undefined when it failed (the env then holds the error). */
  arith(src: string): number | undefined;
  /** Reports an expansion error: the command does not run (`unset`: `${V?}`'s own, which dash words apart). */
  fail(message: string, unset?: boolean): void;
}

type VarPart = Extract<WordPart, { k: "var" }>;

/** The value of `${NAME<op>...}` for the operators of this file; undefined when `op` is not one of them. */
export function applyParam(part: VarPart, value: string | undefined, env: ParamEnv): string | undefined {
  const v = value ?? "";
  switch (part.op) {
    case "#p":
      return removeAffix(v, env.pieces(part.arg ?? []), "#");
    case "##":
    case "%":
    case "%%":
      return removeAffix(v, env.pieces(part.arg ?? []), part.op);
    case "/":
    case "//":
    case "/#":
    case "/%":
      return replacePattern(v, env.pieces(part.arg ?? []), env.text(part.arg2 ?? []), part.op);
    case "^^":
    case ",,":
    case "^":
    case ",":
    case "~~":
    case "~":
      return cased(v, part.op);
    case ":": {
      const off = env.arith(env.text(part.arg ?? []));
      if (off === undefined) return "";
      const start = off < 0 ? Math.max(0, v.length + off) : Math.min(off, v.length);
      if (part.arg2 === undefined) return v.slice(start);
      const len = env.arith(env.text(part.arg2));
      if (len === undefined) return "";
      if (len < 0) {
        const end = v.length + len;
        if (end < start) {
          env.fail(`${part.name}: ${env.text(part.arg2).trim()}: substring expression < 0`);
          return "";
        }
        return v.slice(start, end);
      }
      return v.slice(start, start + len);
    }
    case "@":
      return value === undefined ? "" : transformed(v, env.text(part.arg ?? []));
    case ":?":
    case "?": {
      const missing = part.op === ":?" ? v === "" : value === undefined;
      if (!missing) return v;
      const msg = env.text(part.arg ?? []);
      env.fail(
        `${part.name}: ${msg !== "" ? msg : part.op === ":?" ? "parameter null or not set" : "parameter not set"}`,
        true,
      );
      return "";
    }
    default:
      return undefined;
  }
}

/** bash's quoting for reuse as input: single quotes, or `$'…'` once a control character needs an escape. */
function quoted(v: string): string {
  return needsAnsiC(v) ? ansiCQuoted(v) : `'${v.replace(/'/g, "'\\''")}'`;
}

/** `${V@op}`: Q quotes, E expands backslash escapes as `$'…'` does, U/L/u change case, a names no attributes here. */
function transformed(v: string, op: string): string {
  switch (op) {
    case "Q":
      return quoted(v);
    case "U":
      return cased(v, "^^");
    case "L":
      return cased(v, ",,");
    case "u":
      return cased(v, "^");
    case "E":
      return v.replace(/\\([abefnrtv\\'"])/g, (_, c: string) => ESCAPED[c] ?? c);
    default:
      return "";
  }
}

const ESCAPED: Readonly<Record<string, string>> = {
  a: "\x07",
  b: "\b",
  e: "\x1b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
};

/** The case operators: all letters (`^^` `,,`), or the first (`^` `,`); bash's undocumented toggles `~~` and `~`. */
function cased(v: string, op: "^^" | ",," | "^" | "," | "~~" | "~"): string {
  const all = op.length === 2;
  const change = op[0] === "^" ? upper : op[0] === "," ? lower : toggled;
  return all ? change(v) : change(v.slice(0, 1)) + v.slice(1);
}

const upper = (s: string) => s.toUpperCase();
const lower = (s: string) => s.toLowerCase();

function toggled(s: string): string {
  return [...s].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join("");
}
