/**
 * bash's compound commands as the parser finds them: `for NAME in WORDS; do LIST; done`,
 * `while LIST; do LIST; done`, `until …`, `if LIST; then LIST; [elif …;] [else LIST;] fi`
 * and `{ LIST; }`. Their lists are kept as source text, parsed again each time they run
 * (run.ts), so a body is exactly what a shell would read there, newlines included.
 */
import type { Token } from "./lex.ts";
import type { Word } from "./word.ts";

export type Compound =
  | {
      readonly kind: "for";
      readonly name: string;
      readonly words?: readonly Word[];
      /** The words as typed, which `set -x` shows (`+ for i in "a b" c`). */
      readonly typed?: string;
      readonly body: string;
    }
  | { readonly kind: "while" | "until"; readonly cond: string; readonly body: string }
  | {
      readonly kind: "if";
      readonly branches: readonly { readonly cond: string; readonly body: string }[];
      readonly otherwise?: string;
    }
  | { readonly kind: "group" | "subshell"; readonly body: string }
  /** `name() { …; }`: its body is the compound command's source. */
  | { readonly kind: "func"; readonly name: string; readonly body: string }
  | {
      readonly kind: "case";
      readonly subject: Word;
      /** The subject as typed, which `set -x` shows (`+ case "$s" in`). */
      readonly typed: string;
      readonly arms: readonly { readonly patterns: readonly Word[]; readonly body: string }[];
    }
  | {
      readonly kind: "cfor";
      readonly init: string;
      readonly cond: string;
      readonly step: string;
      readonly body: string;
    }
  | { readonly kind: "arith"; readonly src: string }
  /** `[[ … ]]`: words, and the operators the tokenizer read (`&&`, `||`, `(`, `)`, `<`, `>`). */
  | { readonly kind: "cond"; readonly args: readonly CondArg[] };

export type CondArg = { readonly word: Word; readonly text: string } | { readonly op: string };

/** What went wrong reading one: a token bash did not expect there, or the input ending too soon. */
export type CompoundError =
  /** `word`: the token is an ordinary word (busybox says `unexpected word` then). */
  | { readonly near: string; readonly at: number; readonly expecting?: string; readonly word?: boolean }
  | { readonly eof: true; readonly expecting: string }
  /** `[[ ]]`'s own words (`unexpected argument ... to conditional binary operator`); bash -c then ends with status 0. */
  | { readonly cond: string; readonly at: number };

export const OPENERS: Readonly<Record<string, string>> = {
  for: "done",
  while: "done",
  until: "done",
  if: "fi",
  case: "esac",
  "{": "}",
};
/** Words that only mean something inside a compound command: alone, bash calls them unexpected. */
export const CLOSERS = new Set(["do", "done", "then", "elif", "else", "fi", "}", "esac"]);

/** The word a token reads as when it could be a reserved word (unquoted, nothing expanded). */
export function reserved(t: Token | undefined): string | undefined {
  if (!t || t.kind !== "word" || t.parts.length !== 1) return undefined;
  const p = t.parts[0]!;
  return p.k === "lit" && !p.q ? p.v : undefined;
}

const SEPARATORS = new Set([";", "\n", "&&", "||", "|", "&"]);
const REDIRECT_OPS = new Set([">", ">>", "<", "<<", "<<-", "<<<", "&>", "&>>", ">&"]);
/** After these a new command starts; after `done`, `fi` and `}` only a separator or a redirection may come. */
const LEADS = new Set(["do", "then", "else", "elif", "if", "while", "until", "{", "!", "time"]);

const ASSIGN = /^[A-Za-z_][A-Za-z0-9_]*=/;

/**
 * The index of the first of `stops` found in command position at this level from
 * `from`, skipping nested compound commands; an error for a closer that does not
 * belong here, or when the tokens end first.
 */
function scanTo(
  tokens: readonly Token[],
  from: number,
  stops: ReadonlySet<string>,
  expecting: string,
  /** A case arm's list: it ends at `;;` too. */
  armEnd = false,
): number | CompoundError {
  const stack: string[] = [];
  let cmdPos = true;
  /** After `;;` (or a case's `in`) comes a pattern, or `esac`. */
  let pattern = false;
  for (let i = from; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === "heredoc" || t.kind === "arith") continue;
    if (t.kind === "op") {
      if (armEnd && stack.length === 0 && t.value === ";;") return i;
      cmdPos = SEPARATORS.has(t.value) || t.value === "(" || t.value === ")";
      pattern = t.value === ";;";
      if (REDIRECT_OPS.has(t.value)) i++; // its target is not a command
      continue;
    }
    if (pattern || (stack[stack.length - 1] === "esac" && reserved(tokens[i - 1]) === "in")) {
      pattern = false;
      if (reserved(t) !== "esac") {
        cmdPos = false;
        continue;
      }
    }
    const w: string | undefined = cmdPos || reserved(t) === "esac" ? reserved(t) : undefined;
    if (w === undefined) {
      cmdPos = cmdPos && ASSIGN.test(t.value) && !t.quoted;
      continue;
    }
    if (stack.length === 0 && stops.has(w)) return i;
    if (Object.hasOwn(OPENERS, w)) {
      stack.push(OPENERS[w]!);
      cmdPos = w !== "for" && w !== "case";
      continue;
    }
    if (CLOSERS.has(w)) {
      if (stack.length > 0 && stack[stack.length - 1] === w) {
        stack.pop();
        cmdPos = false;
        continue;
      }
      if (stack.length === 0 && (w === "done" || w === "fi" || w === "}" || w === "esac"))
        return { near: w, at: t.at ?? 0, expecting };
      cmdPos = LEADS.has(w);
      continue;
    }
    cmdPos = LEADS.has(w);
  }
  return { eof: true, expecting: stack.length > 0 ? stack[stack.length - 1]! : expecting };
}

/** The source between two token indexes (from the first's start to the second's). */
function slice(line: string, tokens: readonly Token[], from: number, to: number): string {
  const start =
    from < tokens.length ? (tokens[from]!.kind === "heredoc" ? line.length : tokenAt(tokens[from]!)) : line.length;
  const end = to < tokens.length ? tokenAt(tokens[to]!) : line.length;
  return line.slice(start, end);
}

function tokenAt(t: Token): number {
  return t.kind === "heredoc" ? 0 : (t.at ?? 0);
}

/** The source of the tokens from `from` up to (not including) `to`. */
export function sourceOf(line: string, tokens: readonly Token[], from: number, to: number): string {
  return slice(line, tokens, from, to);
}

function nearOf(t: Token): string {
  if (t.kind === "op") return t.value === "\n" ? "newline" : t.value;
  if (t.kind === "word") return t.value;
  if (t.kind === "arith") return "((";
  return "newline";
}

/**
 * A list that runs: from `from` to `to` it holds at least one command, and does not
 * start with a separator (`do; done` is an error at the `;`).
 */
function checkList(tokens: readonly Token[], from: number, to: number): CompoundError | undefined {
  let i = from;
  while (i < to && tokens[i]!.kind === "op" && (tokens[i] as { value: string }).value === "\n") i++;
  if (i >= to) {
    const t = tokens[to];
    return t ? { near: nearOf(t), at: tokenAt(t) } : { eof: true, expecting: "" };
  }
  const t = tokens[i]!;
  if (t.kind === "op" && SEPARATORS.has(t.value)) return { near: nearOf(t), at: tokenAt(t) };
  return undefined;
}

function skipNewlines(tokens: readonly Token[], i: number): number {
  while (i < tokens.length && tokens[i]!.kind === "op" && (tokens[i] as { value: string }).value === "\n") i++;
  return i;
}

/** Reads the compound command whose reserved word is at `tokens[i]`; returns it and the index after its closing word. */
export function parseCompound(
  line: string,
  tokens: readonly Token[],
  i: number,
): { node: Compound; next: number } | CompoundError {
  const word = reserved(tokens[i]);
  if (word === "for" && tokens[i + 1]?.kind === "arith") return parseArithFor(line, tokens, i);
  if (word === "for") {
    const nameTok = tokens[i + 1];
    if (!nameTok || nameTok.kind !== "word") {
      return nameTok ? { near: nearOf(nameTok), at: tokenAt(nameTok) } : { eof: true, expecting: "do" };
    }
    let j = i + 2;
    let words: Word[] | undefined;
    let shown = "";
    j = skipNewlines(tokens, j);
    if (reserved(tokens[j]) === "in") {
      words = [];
      j++;
      const first = j;
      for (let t = tokens[j]; t?.kind === "word"; t = tokens[++j]) words.push(t.parts);
      shown = slice(line, tokens, first, j).trim();
      const sep = tokens[j];
      if (!sep) return { eof: true, expecting: "do" };
      if (sep.kind !== "op" || (sep.value !== ";" && sep.value !== "\n"))
        return { near: nearOf(sep), at: tokenAt(sep) };
      j++;
    } else if (tokens[j]?.kind === "op" && (tokens[j] as { value: string }).value === ";") j++;
    j = skipNewlines(tokens, j);
    const doTok = tokens[j];
    if (!doTok) return { eof: true, expecting: "do" };
    if (reserved(doTok) !== "do")
      return { near: nearOf(doTok), at: tokenAt(doTok), expecting: "do", word: doTok.kind === "word" };
    const end = scanTo(tokens, j + 1, new Set(["done"]), "done");
    if (typeof end !== "number") return end;
    const bad = checkList(tokens, j + 1, end);
    if (bad) return bad;
    return {
      node: {
        kind: "for",
        name: nameTok.value,
        ...(words ? { words, typed: shown } : {}),
        body: slice(line, tokens, j + 1, end),
      },
      next: end + 1,
    };
  }
  if (word === "while" || word === "until") {
    const doAt = scanTo(tokens, i + 1, new Set(["do"]), "do");
    if (typeof doAt !== "number") return doAt;
    const badCond = checkList(tokens, i + 1, doAt);
    if (badCond) return badCond;
    const end = scanTo(tokens, doAt + 1, new Set(["done"]), "done");
    if (typeof end !== "number") return end;
    const bad = checkList(tokens, doAt + 1, end);
    if (bad) return bad;
    return {
      node: { kind: word, cond: slice(line, tokens, i + 1, doAt), body: slice(line, tokens, doAt + 1, end) },
      next: end + 1,
    };
  }
  if (word === "if") {
    const branches: { cond: string; body: string }[] = [];
    let at = i + 1;
    for (;;) {
      const thenAt = scanTo(tokens, at, new Set(["then"]), "then");
      if (typeof thenAt !== "number") return thenAt;
      const badCond = checkList(tokens, at, thenAt);
      if (badCond) return badCond;
      const stop = scanTo(tokens, thenAt + 1, new Set(["elif", "else", "fi"]), "fi");
      if (typeof stop !== "number") return stop;
      const bad = checkList(tokens, thenAt + 1, stop);
      if (bad) return bad;
      branches.push({ cond: slice(line, tokens, at, thenAt), body: slice(line, tokens, thenAt + 1, stop) });
      const kw = reserved(tokens[stop]);
      if (kw === "fi") return { node: { kind: "if", branches }, next: stop + 1 };
      if (kw === "elif") {
        at = stop + 1;
        continue;
      }
      const fi = scanTo(tokens, stop + 1, new Set(["fi"]), "fi");
      if (typeof fi !== "number") return fi;
      const badElse = checkList(tokens, stop + 1, fi);
      if (badElse) return badElse;
      return { node: { kind: "if", branches, otherwise: slice(line, tokens, stop + 1, fi) }, next: fi + 1 };
    }
  }
  if (word === "case") return parseCase(line, tokens, i);
  // `{ LIST; }`
  const end = scanTo(tokens, i + 1, new Set(["}"]), "}");
  if (typeof end !== "number") return end;
  const bad = checkList(tokens, i + 1, end);
  if (bad) return bad;
  return { node: { kind: "group", body: slice(line, tokens, i + 1, end) }, next: end + 1 };
}

/** bash's, `bash -c`'s or busybox sh's words for a syntax error in `line`. */
export function syntaxText(shell: "bash" | "bash-c" | "sh", line: string, err: CompoundError): string {
  if ("cond" in err) {
    if (shell === "bash-c") return `bash: -c: line ${line.slice(0, err.at).split("\n").length}: ${err.cond}\n`;
    return `${shell === "sh" ? "sh" : "bash"}: ${err.cond}\n`;
  }
  if ("eof" in err) {
    if (shell === "sh")
      return `sh: syntax error: unexpected end of file${err.expecting ? ` (expecting "${err.expecting}")` : ""}\n`;
    if (shell === "bash") return "bash: syntax error: unexpected end of file\n";
    const lines = line.replace(/\n$/, "").split("\n").length;
    return `bash: -c: line ${lines + 1}: syntax error: unexpected end of file\n`;
  }
  if (shell === "sh") {
    const what = err.word ? "word" : `"${err.near}"`;
    return `sh: syntax error: unexpected ${what}${err.expecting ? ` (expecting "${err.expecting}")` : ""}\n`;
  }
  if (shell === "bash") return `bash: syntax error near unexpected token \`${err.near}'\n`;
  const before = line.slice(0, err.at);
  const n = before.split("\n").length;
  const text = line.split("\n")[n - 1] ?? "";
  return `bash: -c: line ${n}: syntax error near unexpected token \`${err.near}'\nbash: -c: line ${n}: \`${text}'\n`;
}

/**
 * dash words its syntax errors `Syntax error: "(" unexpected` where busybox ash says
 * `syntax error: unexpected "("` (sh.ts then numbers the line: `sh: 1: `).
 */
export function dashWords(text: string): string {
  const m = /^sh: syntax error: unexpected (?:"(.*)"|(word|end of file|redirection))( \(expecting ".*"\))?\n$/.exec(
    text,
  );
  if (!m) return text;
  return `sh: Syntax error: ${m[1] !== undefined ? `"${m[1]}"` : m[2]} unexpected${m[3] ?? ""}\n`;
}

/** `case WORD in [(]PATTERN[|PATTERN]...) LIST ;; ... esac` */
function parseCase(
  line: string,
  tokens: readonly Token[],
  i: number,
): { node: Compound; next: number } | CompoundError {
  const subject = tokens[i + 1];
  if (!subject) return { eof: true, expecting: "in" };
  if (subject.kind !== "word") return { near: nearOf(subject), at: tokenAt(subject) };
  let j = skipNewlines(tokens, i + 2);
  const inTok = tokens[j];
  if (!inTok) return { eof: true, expecting: "in" };
  if (reserved(inTok) !== "in") return { near: nearOf(inTok), at: tokenAt(inTok), expecting: "in", word: true };
  j++;
  const arms: { patterns: Word[]; body: string }[] = [];
  for (;;) {
    j = skipNewlines(tokens, j);
    const t = tokens[j];
    if (!t) return { eof: true, expecting: "esac" };
    if (reserved(t) === "esac")
      return {
        node: { kind: "case", subject: subject.parts, typed: slice(line, tokens, i + 1, i + 2).trim(), arms },
        next: j + 1,
      };
    if (t.kind === "op" && t.value === "(") j++;
    const patterns: Word[] = [];
    for (;;) {
      const p = tokens[j];
      if (!p) return { eof: true, expecting: "esac" };
      if (p.kind !== "word") return { near: nearOf(p), at: tokenAt(p) };
      patterns.push(p.parts);
      const sep = tokens[j + 1];
      if (!sep) return { eof: true, expecting: "esac" };
      j += 2;
      if (sep.kind === "op" && sep.value === ")") break;
      if (sep.kind === "op" && sep.value === "|") continue;
      return { near: nearOf(sep), at: tokenAt(sep) };
    }
    const end = scanTo(tokens, j, new Set(["esac"]), "esac", true);
    if (typeof end !== "number") return end;
    arms.push({ patterns, body: slice(line, tokens, j, end) });
    const stop = tokens[end]!;
    j = stop.kind === "op" ? end + 1 : end;
  }
}

/** `for (( init; cond; step )); do LIST; done` */
function parseArithFor(
  line: string,
  tokens: readonly Token[],
  i: number,
): { node: Compound; next: number } | CompoundError {
  const head = tokens[i + 1] as { kind: "arith"; src: string; at: number };
  const parts = head.src.split(";");
  if (parts.length !== 3) return { near: "((", at: head.at };
  let j = i + 2;
  const sep = tokens[j];
  if (sep?.kind === "op" && (sep.value === ";" || sep.value === "\n")) j++;
  j = skipNewlines(tokens, j);
  const doTok = tokens[j];
  if (!doTok) return { eof: true, expecting: "do" };
  const isGroup = reserved(doTok) === "{";
  if (reserved(doTok) !== "do" && !isGroup)
    return { near: nearOf(doTok), at: tokenAt(doTok), expecting: "do", word: true };
  const closer = isGroup ? "}" : "done";
  const end = scanTo(tokens, j + 1, new Set([closer]), closer);
  if (typeof end !== "number") return end;
  const bad = checkList(tokens, j + 1, end);
  if (bad) return bad;
  const [init, cond, step] = parts as [string, string, string];
  return { node: { kind: "cfor", init, cond, step, body: slice(line, tokens, j + 1, end) }, next: end + 1 };
}
