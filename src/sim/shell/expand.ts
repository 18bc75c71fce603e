/**
 * Word expansion as bash does it when a command runs: tilde, parameters, command
 * substitution and arithmetic, then word splitting of what was unquoted (on IFS,
 * space, tab and newline unless set), then pathname expansion of unquoted
 * patterns. What a word expands to is computed through `ExpandEnv`, so that the
 * shell (run.ts) decides what a variable holds and what a substitution runs.
 */
import { LIMITS } from "../limits.ts";
import { heredocWord, type Word, type WordPart } from "./word.ts";
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
  /** Runs a process substitution `<(…)` and returns the path its output can be read from. */
  psub?(src: string): string;
  readonly home: string;
  /** The paths a pattern matches, sorted; empty when none (the pattern then stays as typed). */
  glob?(pattern: string): readonly string[];
  /** Set when an expansion failed (`bash: ...: bad substitution`); the command does not run. */
  error?: string;
  /** Set with `error` when the error ends a non-interactive shell (bash: arithmetic 1, `${V?}` 127). */
  fatal?: number;
  /** dash expands: no `${V:off}`, `${V/p/r}`, `${V^^}`, arrays or `**` (a bad substitution, an arithmetic error). */
  readonly dash?: boolean;
  /** bash reads a script file (not a `-c` string): an expansion error ends it with 1, not 127. */
  readonly scriptFile?: boolean;
  /** bash's brace expansion applies (not in dash or busybox ash). */
  readonly braces?: boolean;
  /** What a pattern matching nothing becomes: itself (the default), nothing (`shopt -s nullglob`), an error (`failglob`). */
  readonly noMatch?: "keep" | "drop" | "fail";
  /** Sets an indexed array to these values (`[[ =~ ]]`'s BASH_REMATCH). */
  setArray?(name: string, values: readonly string[]): void;
  /** An associative array's keys and values, or undefined when `name` is not one. */
  assoc?(name: string): { keys: string[]; values: string[] } | undefined;
  /** An indexed array's indexes and values, or undefined when `name` is not one. */
  array?(name: string): { keys: number[]; values: string[] } | undefined;
  /** The positional parameters, for `"$@"`. */
  positional?(): readonly string[];
  /** How the shell starts an error line (`bash: `, `bash: line 1: `, `sh: 1: `). */
  readonly prefix?: string;
  /** Under `set -u`: what expanding an unset variable says, and the status it ends the shell with. */
  readonly unbound?: { readonly text: (name: string) => string; readonly status: number };
}

/** The operators that give an unset variable a value or a message of their own, so `set -u` lets them be. */
const DEFAULTING = new Set(["-", ":-", "=", ":=", "+", ":+", "?", ":?"]);

/** bash's (and busybox ash's) parameter operators that dash does not have. */
const DASH_LACKS = new Set(["@", ":", "/", "//", "/#", "/%", "^^", "^", ",,", ",", "~~", "~", "!keys"]);

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
export function arithmetic(typed: string, env: ExpandEnv): string {
  // Parameters and substitutions inside are expanded first: `$(( $(docker ps -q | wc -l) + 1 ))`.
  const src = /[$`]/.test(typed) ? expandWord(heredocWord(typed), env) : typed;
  if (env.error) return "";
  if (env.dash && src.includes("**")) {
    env.fatal = 2;
    env.error ??= `sh: arithmetic expression: expecting primary: "${src}"\n`;
    return "";
  }
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
      return env.psub?.(part.src) ?? "/dev/fd/63";
    case "var": {
      if (env.dash && (part.index !== undefined || DASH_LACKS.has(part.op ?? ""))) {
        if (env.error === undefined) env.fatal = 2;
        env.error ??= "sh: Bad substitution\n";
        return "";
      }
      if (part.index !== undefined) {
        const all = part.index === "@" || part.index === "*";
        const assoc = env.assoc?.(part.name);
        if (assoc) {
          if (part.op === "!keys") return assoc.keys.join(" ");
          if (all && part.op === "#") return String(assoc.values.length);
          if (all)
            return (part.op === ":" ? sliceOf(assoc.values, part, env) : eachElement(assoc.values, part, env)).join(
              joiner(part, env),
            );
          // A key is a word, not arithmetic: `${m[$c]}`.
          const at = assoc.keys.indexOf(expandWord(heredocWord(part.index), env));
          const element = at < 0 ? undefined : assoc.values[at];
          return expandPart({ ...part, index: undefined, name: "\u0000" }, { ...env, lookup: () => element });
        }
        const arr = env.array?.(part.name) ?? arrayLike(env.lookup(part.name));
        if (part.op === "!keys") return arr.keys.join(" ");
        if (all && part.op === "#") return String(arr.values.length);
        if (all && part.op === ":") return sliceOf(arr.values, part, env).join(" ");
        if (all) return eachElement(arr.values, part, env).join(joiner(part, env));
        const at = arithmetic(part.index, env);
        if (at === "") return "";
        const n = Number(at);
        const k = n < 0 && arr.keys.length > 0 ? arr.keys[arr.keys.length - 1]! + 1 + n : n;
        const ki = arr.keys.indexOf(k);
        const element = ki < 0 ? undefined : arr.values[ki];
        return expandPart({ ...part, index: undefined, name: "\u0000" }, { ...env, lookup: () => element });
      }
      // "$*" joins the parameters with IFS's first character.
      const value =
        part.name === "*" && part.q && env.positional
          ? env.positional().join(joiner(part, env))
          : env.lookup(part.name);
      if (value === undefined && env.unbound && !DEFAULTING.has(part.op ?? "") && !/^[@*#?$!0-]$/.test(part.name)) {
        if (env.error === undefined) env.fatal = env.unbound.status;
        env.error ??= env.unbound.text(part.name);
        return "";
      }
      // `${#@}` and `${#*}` count the positional parameters.
      if (part.op === "#" && (part.name === "@" || part.name === "*")) return String(env.positional?.().length ?? 0);
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
    // "$@": each positional parameter a field of its own; "${a[@]}" each element.
    const solid = word.filter((p) => !(p.k === "lit" && p.v === ""));
    const only = solid.length === 1 && word.some((p) => p.k === "lit" || ("q" in p && p.q)) ? solid[0]! : undefined;
    if (only?.k === "var" && only.q && only.name === "@" && !only.op && only.index === undefined && env.positional) {
      out.push(...env.positional());
      continue;
    }
    if (
      only?.k === "var" &&
      only.q &&
      only.index === "@" &&
      (!only.op || only.op === ":" || only.op === "!keys" || ELEMENTWISE.has(only.op))
    ) {
      const arr: { keys: readonly (string | number)[]; values: string[] } =
        env.assoc?.(only.name) ?? env.array?.(only.name) ?? arrayLike(env.lookup(only.name));
      // "${!a[@]}": each index or key a field of its own.
      if (only.op === "!keys") out.push(...arr.keys.map(String));
      else out.push(...(only.op === ":" ? sliceOf(arr.values, only, env) : eachElement(arr.values, only, env)));
      continue;
    }
    const pieces: Piece[] = word.map((p) => {
      const text = expandPart(p, env);
      if (p.k === "lit") return { text, split: false, pattern: !p.q };
      if (p.k === "tilde") return { text, split: false, pattern: false };
      return { text, split: !p.q, pattern: false };
    });
    for (const f of splitFields(pieces, env.lookup("IFS"))) {
      if (f.pattern && env.glob) {
        const matches = env.glob(f.text);
        if (matches.length > 0) {
          out.push(...matches);
          continue;
        }
        if (env.noMatch === "drop") continue;
        if (env.noMatch === "fail") {
          env.error ??= `${env.prefix ?? "bash: "}no match: ${f.text}\n`;
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

/**
 * Field splitting on IFS (unset: space, tab, newline; empty: none). A run of IFS
 * whitespace separates fields and is trimmed at the ends; each other IFS character
 * ends a field, an empty one too (`a::b` is three), the whitespace around it with it.
 */
function splitFields(pieces: readonly Piece[], ifs = " \t\n"): Field[] {
  const fields: Field[] = [];
  let cur: Field | undefined;
  const ws = (c: string) => (c === " " || c === "\t" || c === "\n") && ifs.includes(c);
  const hard = (c: string) => ifs.includes(c) && !ws(c);
  // A word made only of unquoted expansions that expand to nothing leaves no field.
  const quotedOrLiteral = pieces.some((p) => !p.split);
  for (const p of pieces) {
    // With IFS empty nothing splits, but an empty expansion still makes no field of its own.
    if (!p.split || (ifs === "" && p.text !== "")) {
      cur ??= { text: "", pattern: false };
      cur.text += p.text;
      if (p.pattern && /[*?[]/.test(p.text)) cur.pattern = true;
      continue;
    }
    const t = p.text;
    let i = 0;
    const skipWs = () => {
      while (i < t.length && ws(t[i]!)) i++;
    };
    while (i < t.length) {
      const c = t[i]!;
      if (!ws(c) && !hard(c)) {
        cur ??= { text: "", pattern: false };
        cur.text += c;
        i++;
        continue;
      }
      skipWs();
      if (i < t.length && hard(t[i]!)) {
        fields.push(cur ?? { text: "", pattern: false });
        i++;
        skipWs();
      } else if (cur) fields.push(cur);
      cur = undefined;
    }
  }
  if (cur) fields.push(cur);
  if (fields.length === 0 && quotedOrLiteral) fields.push({ text: "", pattern: false });
  return fields;
}

/** What joins the elements of a quoted `"$*"` or `"${a[*]}"`: IFS's first character (a space when IFS is unset). */
function joiner(part: Extract<WordPart, { k: "var" }>, env: ExpandEnv): string {
  if (!part.q || part.index === "@") return " ";
  const ifs = env.lookup("IFS");
  return ifs === undefined ? " " : ifs.slice(0, 1);
}

/** A scalar read as an array: `${x[0]}` is `$x`. */
function arrayLike(value: string | undefined): { keys: number[]; values: string[] } {
  return value === undefined ? { keys: [], values: [] } : { keys: [0], values: [value] };
}

/** `${a[@]:offset:length}`: elements rather than characters. */
function sliceOf(values: readonly string[], part: Extract<WordPart, { k: "var" }>, env: ExpandEnv): string[] {
  const off = Number(arithmetic(expandWord(part.arg ?? [], env), env) || 0);
  const start = off < 0 ? Math.max(0, values.length + off) : off;
  if (part.arg2 === undefined) return values.slice(start);
  const len = Number(arithmetic(expandWord(part.arg2, env), env) || 0);
  return values.slice(start, len < 0 ? values.length + len : start + len);
}

/** The operators `${a[@]…}` applies to each element in turn: `${a[@]/o/0}`, `${a[@]^^}`, `${a[@]%.*}`. */
const ELEMENTWISE = new Set(["#p", "##", "%", "%%", "/", "//", "/#", "/%", "^^", "^", ",,", ",", "~~", "~"]);

function eachElement(values: readonly string[], part: Extract<WordPart, { k: "var" }>, env: ExpandEnv): string[] {
  if (!part.op || !ELEMENTWISE.has(part.op)) return [...values];
  const p = paramEnv(env);
  return values.map((v) => applyParam(part, v, p) ?? v);
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
    fail: (message, unset) => {
      // dash ends with 2, naming its line; bash ends a `-c` string with 127 but a script file with 1.
      if (unset && env.dash) {
        if (env.error === undefined) env.fatal = 2;
        env.error ??= `sh: 1: ${message.replace(/parameter null or not set$/, "parameter not set or null")}\n`;
        return;
      }
      if (env.error === undefined) env.fatal = env.scriptFile ? 1 : 127;
      env.error ??= `${env.prefix ?? "bash: "}${message}\n`;
    },
  };
}

/** A word expanded for matching: what was quoted matches itself, the rest is a pattern. */
export function patternPieces(word: Word, env: ExpandEnv): PatternPiece[] {
  return word.map((p) => ({ text: expandPart(p, env), quoted: p.k === "lit" ? p.q : p.k === "tilde" ? true : p.q }));
}
