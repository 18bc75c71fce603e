/**
 * Word expansion as bash does it when a command runs: tilde, parameters, command
 * substitution and arithmetic, then word splitting of what was unquoted (on
 * space, tab and newline, the default IFS), then pathname expansion of unquoted
 * patterns. What a word expands to is computed through `ExpandEnv`, so that the
 * shell (run.ts) decides what a variable holds and what a substitution runs.
 */
import { LIMITS } from "../limits.ts";
import type { Word, WordPart } from "./word.ts";
import { evalArith } from "./arith.ts";
import { expandBraces } from "./braces.ts";
import { applyParam, type ParamEnv } from "./params.ts";
import type { PatternPiece } from "./pattern.ts";

export interface ExpandEnv {
  /** A parameter's value, or undefined when unset. */
  lookup(name: string): string | undefined;
  /** Sets a variable (`${NAME:=word}`). */
  assign(name: string, value: string): void;
  /** Runs a command substitution and returns its output (trailing newlines are removed here). */
  substitute(src: string): string;
  readonly home: string;
  /** The paths a pattern matches, sorted; empty when none (the pattern then stays as typed). */
  glob?(pattern: string): readonly string[];
  /** Set when an expansion failed (`bash: ...: bad substitution`); the command does not run. */
  error?: string;
  /** Set with `error` when the error ends a non-interactive shell (bash: arithmetic 1, `${V?}` 127). */
  fatal?: number;
  /** bash's brace expansion applies (not in dash or busybox ash). */
  readonly braces?: boolean;
  /** The positional parameters, for `"$@"`. */
  positional?(): readonly string[];
  /** How the shell starts an error line (`bash: `, `bash: line 1: `, `sh: 1: `). */
  readonly prefix?: string;
}

const IFS = /[ \t\n]+/;

/** Where a field's text came from: each char's quotedness decides splitting and globbing. */
interface Piece {
  readonly text: string;
  /** Unquoted result of an expansion: split on IFS. */
  readonly split: boolean;
  /** Unquoted literal text: may hold a pattern. */
  readonly pattern: boolean;
}

function clip(s: string): string {
  return s.length > LIMITS.maxVariableLength ? s.slice(0, LIMITS.maxVariableLength) : s;
}

/** `$((...))`: the value, or "" with the error noted on `env` (the command then does not run). */
export function arithmetic(src: string, env: ExpandEnv): string {
  const r = evalArith(src, { lookup: (n) => env.lookup(n), assign: (n, v) => env.assign(n, v) });
  if ("value" in r) return String(r.value);
  if (env.error === undefined) env.fatal = 1;
  env.error ??= `${env.prefix ?? "bash: "}${r.error}\n`;
  return "";
}

function expandPart(part: WordPart, env: ExpandEnv): string {
  switch (part.k) {
    case "lit":
      return part.v;
    case "tilde":
      return env.home;
    case "cmd":
      return clip(env.substitute(part.src).replace(/\n+$/, ""));
    case "arith":
      return arithmetic(part.src, env);
    case "psub":
      return "/dev/fd/63";
    case "var": {
      const value = env.lookup(part.name);
      if (part.op === "#") return String((value ?? "").length);
      const special = applyParam(part, value, paramEnv(env));
      if (special !== undefined) return special;
      const arg = () => expandWord(part.arg ?? [], env);
      const unsetOrEmpty = value === undefined || value === "";
      switch (part.op) {
        case ":-":
          return unsetOrEmpty ? arg() : value;
        case "-":
          return value === undefined ? arg() : value;
        case ":+":
          return unsetOrEmpty ? "" : arg();
        case "+":
          return value === undefined ? "" : arg();
        case ":=":
        case "=": {
          if (part.op === ":=" ? !unsetOrEmpty : value !== undefined) return value!;
          const v = arg();
          env.assign(part.name, v);
          return v;
        }
        default:
          return value ?? "";
      }
    }
  }
}

/** One word to one string, without splitting or pathname expansion (assignments, redirection targets). */
export function expandWord(word: Word, env: ExpandEnv): string {
  return word.map((p) => expandPart(p, env)).join("");
}

/** Words to fields: expanded, split where unquoted, patterns matched against the files there are. */
export function expandWords(typed: readonly Word[], env: ExpandEnv): string[] {
  const out: string[] = [];
  const words = env.braces ? typed.flatMap((w) => expandBraces(w, LIMITS.maxWords)) : typed;
  for (const word of words) {
    // "$@": each positional parameter a field of its own.
    const only = word.length === 1 ? word[0]! : undefined;
    if (only?.k === "var" && only.q && only.name === "@" && !only.op && env.positional) {
      out.push(...env.positional());
      continue;
    }
    const pieces: Piece[] = word.map((p) => {
      const text = expandPart(p, env);
      if (p.k === "lit") return { text, split: false, pattern: !p.q };
      if (p.k === "tilde") return { text, split: false, pattern: false };
      return { text, split: !p.q, pattern: false };
    });
    for (const f of splitFields(pieces)) {
      if (f.pattern && env.glob) {
        const matches = env.glob(f.text);
        if (matches.length > 0) {
          out.push(...matches);
          continue;
        }
      }
      out.push(f.text);
    }
    if (out.length > LIMITS.maxWords) {
      env.error ??= "bash: too many words after expansion\n";
      return out.slice(0, LIMITS.maxWords);
    }
  }
  return out;
}

interface Field {
  text: string;
  /** Holds an unquoted pattern character from the typed text. */
  pattern: boolean;
}

function splitFields(pieces: readonly Piece[]): Field[] {
  const fields: Field[] = [];
  let cur: Field | undefined;
  // A word made only of unquoted expansions that expand to nothing leaves no field.
  const quotedOrLiteral = pieces.some((p) => !p.split);
  for (const p of pieces) {
    if (!p.split) {
      cur ??= { text: "", pattern: false };
      cur.text += p.text;
      if (p.pattern && /[*?[]/.test(p.text)) cur.pattern = true;
      continue;
    }
    const parts = p.text.split(IFS);
    parts.forEach((t, idx) => {
      if (idx > 0) {
        if (cur) fields.push(cur);
        cur = undefined;
      }
      if (t !== "") {
        cur ??= { text: "", pattern: false };
        cur.text += t;
      }
    });
  }
  if (cur) fields.push(cur);
  if (fields.length === 0 && quotedOrLiteral) fields.push({ text: "", pattern: false });
  return fields;
}

function paramEnv(env: ExpandEnv): ParamEnv {
  return {
    text: (word) => expandWord(word, env),
    pieces: (word) => patternPieces(word, env),
    arith: (src) => {
      const before = env.error;
      const v = arithmetic(src, env);
      return env.error !== before || v === "" ? undefined : Number(v);
    },
    fail: (message) => {
      if (env.error === undefined) env.fatal = 127;
      env.error ??= `${env.prefix ?? "bash: "}${message}\n`;
    },
  };
}

/** A word expanded for matching: what was quoted matches itself, the rest is a pattern. */
export function patternPieces(word: Word, env: ExpandEnv): PatternPiece[] {
  return word.map((p) => ({ text: expandPart(p, env), quoted: p.k === "lit" ? p.q : p.k === "tilde" ? true : p.q }));
}
