/**
 * bash's `[[ … ]]`: words are expanded without splitting or pathname expansion,
 * the right side of `==`/`!=` is a pattern (its quoted parts literal), `=~` an
 * extended regular expression (BASH_REMATCH), `-eq` and kin arithmetic, and
 * `&&`, `||`, `!` and parentheses combine them. Status 0 true, 1 false, 2 an error.
 */
import { evalArith } from "./arith.ts";
import type { CondArg } from "./compound.ts";
import { expandWord, patternPieces, type ExpandEnv } from "./expand.ts";
import { matchPattern, patternSource } from "./pattern.ts";
import { translateRegex } from "./commands/grep/grep.ts";
import { traceWord } from "./xtrace.ts";

const UNARY = new Set(["-a", "-b", "-c", "-d", "-e", "-f", "-g", "-h", "-k", "-p", "-r", "-s", "-t", "-u", "-w", "-x", "-G", "-L", "-N", "-O", "-S", "-n", "-z", "-v", "-o"]); // prettier-ignore
const BINARY = new Set([
  "==",
  "=",
  "!=",
  "<",
  ">",
  "=~",
  "-eq",
  "-ne",
  "-lt",
  "-le",
  "-gt",
  "-ge",
  "-nt",
  "-ot",
  "-ef",
]);

export interface CondContext {
  readonly env: ExpandEnv;
  /** A file test (`-f PATH` ...). */
  fileTest(op: string, path: string): boolean;
  /** Sets BASH_REMATCH's first element after a `=~` match. */
  setMatch(groups: readonly string[]): void;
  /** `set -x`: each test as it is evaluated, its words expanded (`[[ '' == running ]]`). */
  trace?(test: string): void;
}

class CondError extends Error {}

export function evalCond(args: readonly CondArg[], ctx: CondContext): { status: number; error?: string } {
  let i = 0;
  // The side of `&&`/`||` that does not decide is parsed, not evaluated, as in bash.
  let live = true;
  const text = (a: CondArg | undefined): string | undefined => (a && "word" in a ? a.text : a?.op);
  const peek = () => text(args[i]);
  const isOp = (a: CondArg | undefined, v: string) => a !== undefined && "op" in a && a.op === v;
  const word = (a: CondArg | undefined): Extract<CondArg, { word: unknown }> => {
    if (!a || !("word" in a))
      throw new CondError(`unexpected argument \`${text(a) ?? "]]"}' to conditional binary operator`);
    return a;
  };
  const value = (a: CondArg) => ("word" in a ? (live ? expandWord(a.word, ctx.env) : "") : a.op);
  const show = (...parts: string[]) => {
    if (live) ctx.trace?.(`[[ ${parts.join(" ")} ]]`);
  };
  let negated = "";
  const integer = (s: string): bigint => {
    const r = evalArith(s, { lookup: (n) => ctx.env.lookup(n), assign: (n, v) => ctx.env.assign(n, v) });
    if ("error" in r) throw new CondError(r.error);
    return r.value;
  };

  const primary = (): boolean => {
    const a = args[i];
    if (a === undefined) throw new CondError("unexpected end of conditional");
    if (isOp(a, "(")) {
      i++;
      const v = or();
      if (!isOp(args[i], ")")) throw new CondError("expected `)'");
      i++;
      return v;
    }
    if ("word" in a && a.text === "!") {
      i++;
      negated = "! ";
      const v = !primary();
      negated = "";
      return v;
    }
    const op1 = text(a)!;
    if ("word" in a && UNARY.has(op1) && args[i + 1] !== undefined && !isBinaryAt(i + 1)) {
      i += 2;
      const arg = value(word(args[i - 1]));
      show(`${negated}${op1}`, traceWord(arg));
      if (!live) return false;
      if (op1 === "-n") return arg !== "";
      if (op1 === "-z") return arg === "";
      if (op1 === "-v") return ctx.env.lookup(arg) !== undefined;
      if (op1 === "-o" || op1 === "-t") return false;
      return ctx.fileTest(op1, arg);
    }
    const left = args[i++]!;
    const op = peek();
    if (op !== undefined && BINARY.has(op)) {
      i++;
      const rightArg = word(args[i++]);
      const l = value(left);
      if (live) {
        const pattern = op === "==" || op === "=" || op === "!=" || op === "=~";
        const r = pattern
          ? patternPieces(rightArg.word, ctx.env)
              .map((p) => p.text)
              .join("")
          : traceWord(value(rightArg));
        show(`${negated}${traceWord(l)}`, op, r);
      }
      if (!live) return false;
      switch (op) {
        case "==":
        case "=":
        case "!=": {
          const m = matchPattern(l, patternPieces(rightArg.word, ctx.env));
          return op === "!=" ? !m : m;
        }
        case "<":
          return l < value(rightArg);
        case ">":
          return l > value(rightArg);
        case "=~": {
          const pieces: { text: string; quoted: boolean }[] = [];
          for (const p of patternPieces(rightArg.word, ctx.env)) {
            const last = pieces[pieces.length - 1];
            if (last && last.quoted === p.quoted) last.text += p.text;
            else pieces.push({ ...p });
          }
          const source = pieces
            .map((p) => {
              if (p.quoted) return patternSource([{ text: p.text, quoted: true }]);
              const t = translateRegex(p.text, true, true);
              if (!t.ok) throw new CondError("regex");
              return t.source;
            })
            .join("");
          const m = new RegExp(source).exec(l);
          ctx.setMatch(m ? [...m].map((g) => g ?? "") : []);
          return m !== null;
        }
        default: {
          const a2 = integer(l);
          const b2 = integer(value(rightArg));
          if (op === "-eq") return a2 === b2;
          if (op === "-ne") return a2 !== b2;
          if (op === "-lt") return a2 < b2;
          if (op === "-le") return a2 <= b2;
          if (op === "-gt") return a2 > b2;
          if (op === "-ge") return a2 >= b2;
          return false;
        }
      }
    }
    const v = value(left);
    show(`${negated}${traceWord(v)}`);
    return v !== "";
  };
  const skipped = (decided: boolean): boolean => {
    const was = live;
    if (decided) live = false;
    try {
      return and();
    } finally {
      live = was;
    }
  };
  const isBinaryAt = (j: number) => {
    const t = text(args[j]);
    return t !== undefined && BINARY.has(t) && args[j + 1] !== undefined;
  };
  const and = (): boolean => {
    let v = primary();
    while (isOp(args[i], "&&")) {
      i++;
      const was = live;
      if (!v) live = false;
      try {
        const r = primary();
        v = v && r;
      } finally {
        live = was;
      }
    }
    return v;
  };
  const or = (): boolean => {
    let v = and();
    while (isOp(args[i], "||")) {
      i++;
      const r = skipped(v);
      v = v || r;
    }
    return v;
  };
  try {
    if (args.length === 0) return { status: 2, error: "syntax error near `]]'" };
    const v = or();
    if (i < args.length)
      return { status: 2, error: `syntax error in conditional expression: unexpected token \`${text(args[i])}'` };
    return { status: v ? 0 : 1 };
  } catch (e) {
    if (e instanceof CondError)
      return { status: e.message === "regex" ? 2 : 1, error: e.message === "regex" ? undefined : e.message };
    throw e;
  }
}
