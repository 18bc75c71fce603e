/**
 * A small bash-like parser: words with '…', "…" and \ quoting, `$?`, pipelines (|),
 * lists (; && || and newlines), redirections (> >> < 2> 2>&1 &> <<EOF <<<) and
 * here-documents when the input holds several lines. Syntax errors are values
 * carrying bash's wording. `$?` is left as a marker that run.ts expands.
 */
import { LIMITS } from "../limits.ts";
import {
  CLOSERS,
  dashWords,
  OPENERS,
  parseCompound,
  reserved,
  sourceOf,
  syntaxText,
  type Compound,
  type CompoundError,
} from "./compound.ts";
import { LAST_STATUS, syntaxError, tokenize } from "./lex.ts";
import { fdRedirect, isFd, type Redirect } from "./parse-redirect.ts";
import { isFunctionDef, parseCond, parseFunction, parseSubshell } from "./parse-forms.ts";
import { assignmentOf, type Assignment } from "./assignment.ts";
import { hasGlob, heredocWord, isExpanding, type Word } from "./word.ts";

export { LAST_STATUS };

export type { Word, WordPart } from "./word.ts";

export type { FdMode, Redirect } from "./parse-redirect.ts";

export type { Assignment } from "./assignment.ts";

export interface SimpleCommand {
  /** The words as written (quotes removed); an expansion shows as its source text, `$?` as LAST_STATUS. */
  readonly argv: readonly string[];
  /** In the order written; omitted when there are none. */
  readonly redirects?: readonly Redirect[];
  /** The words to expand, one per argv entry; omitted when no word has an expansion beyond `$?`. */
  readonly words?: readonly Word[];
  /** Leading assignments, in order; omitted when there are none. */
  readonly assigns?: readonly Assignment[];
  /** `declare -A m=(…)`, `local a=(…)`: arrays a declaration builtin is given (argv holds their names). */
  readonly declArrays?: readonly Assignment[];
  /** Set for a compound command (`for`, `while`, `until`, `if`, `{ }`): argv is then empty. */
  readonly compound?: Compound;
}

export type Pipeline = readonly SimpleCommand[];

/** One pipeline of a list, and how it joins the one before it (`;` for the first). */
export interface ListItem {
  readonly op: ";" | "&&" | "||";
  readonly pipeline: Pipeline;
  /** Ended by `&`: the shell does not wait for it (shell/jobs.ts). */
  readonly background?: boolean;
  /** `! pipeline`: its status negated. */
  readonly negate?: boolean;
  /** `time [-p] pipeline` (bash): the shell reports how long it took (shell/time-report.ts). */
  readonly time?: "bash" | "posix";
}

export type ParseResult =
  | { readonly ok: true; readonly list: readonly ListItem[] }
  | { readonly ok: false; readonly stderr: string; readonly exitCode: number; readonly incomplete?: boolean };

/**
 * Whether bash would wait for more lines before running this input (and show its
 * `> ` prompt): an open quote, a here-document without its delimiter line, a
 * trailing `|`, `&&`, `||` or backslash. A terminal uses it to gather a multi-line
 * command such as `iptables-restore <<EOF` ... `EOF` before sending it.
 */
export function needsMoreInput(input: string): boolean {
  if (input.length > LIMITS.maxLineLength) return false;
  if (/(^|[^\\])(\\\\)*\\$/.test(input)) return true;
  const t = tokenize(input);
  if (!("tokens" in t)) return t.stderr.includes("unexpected EOF while looking for matching");
  if (t.openHeredoc) return true;
  const last = [...t.tokens].reverse().find((x) => !(x.kind === "op" && x.value === "\n"));
  if (last?.kind === "op" && (last.value === "|" || last.value === "&&" || last.value === "||")) return true;
  // An unfinished `for`/`while`/`if`: bash shows its `> ` prompt until `done` or `fi`.
  const parsed = parseScript(input);
  return !parsed.ok && parsed.incomplete === true;
}

const DECLARERS = new Set(["declare", "typeset", "local", "readonly", "export"]);

const NEAR = /^bash: syntax error near unexpected token `(.*)'\n$/;

/**
 * Parses one input (possibly several lines) into a list of pipelines, syntax errors
 * worded as `shell` words them (interactive bash, `bash -c`, busybox sh).
 */
export function parseScript(input: string, shell: "bash" | "bash-c" | "sh" = "bash", dash = false): ParseResult {
  const r = parseSh(input, dash && shell === "sh", shell);
  if (!dash || shell !== "sh" || r.ok) return r;
  return { ...r, stderr: dashWords(r.stderr) };
}

function parseSh(input: string, dash: boolean, shell: "bash" | "bash-c" | "sh"): ParseResult {
  const r = parseInput(input, dash, shell === "sh");
  // busybox ash (the images' sh) and dash are built without bash's here-strings.
  if (shell === "sh" && r.ok && input.includes("<<<")) {
    const t = tokenize(input);
    if ("tokens" in t && t.tokens.some((x) => x.kind === "op" && x.value === "<<<"))
      return { ok: false, stderr: "sh: syntax error: unexpected redirection\n", exitCode: 2 };
  }
  if (r.ok) return r;
  if ("error" in r) {
    const err = r.error;
    return {
      ok: false,
      stderr: syntaxText(shell, input, err),
      exitCode: "cond" in err ? 0 : 2,
      ...("eof" in err ? { incomplete: true } : {}),
    };
  }
  if (shell === "bash-c" && r.stderr.startsWith("bash: unexpected EOF while looking for matching"))
    return { ...r, stderr: r.stderr.replace("bash: ", `bash: -c: line ${input.split("\n").length}: `) };
  const near = shell === "bash" ? null : NEAR.exec(r.stderr);
  return near ? { ok: false, stderr: syntaxText(shell, input, { near: near[1]!, at: 0 }), exitCode: 2 } : r;
}

/**
 * `dash`: Debian's sh has no `[[`, which it runs as a command it does not find, nor the
 * `function` keyword. `posix` (dash and busybox ash): no `NAME=(…)` arrays.
 */
function parseInput(
  input: string,
  dash = false,
  posix = false,
): ParseResult | { readonly ok: false; readonly error: CompoundError } {
  if (input.length > LIMITS.maxLineLength) {
    return { ok: false, stderr: "bash: command line too long\n", exitCode: 2 };
  }
  const tokenized = tokenize(input);
  if (!("tokens" in tokenized)) return tokenized;
  const tokens = tokenized.tokens;

  const list: ListItem[] = [];
  let joinOp: ListItem["op"] = ";";
  let pipeline: SimpleCommand[] = [];
  let argv: string[] = [];
  let words: Word[] = [];
  let expanding = false;
  let assigns: Assignment[] = [];
  let declArrays: Assignment[] = [];
  let redirects: Redirect[] = [];
  let compound: Compound | undefined;
  let negate = false;
  let timed: ListItem["time"];
  let sawAnything = false;

  const tim = () => (timed ? { time: timed } : {});
  const endCommand = (): boolean => {
    if (argv.length === 0 && redirects.length === 0 && assigns.length === 0 && !compound) return false;
    pipeline.push({
      argv,
      ...(redirects.length ? { redirects } : {}),
      ...(expanding ? { words } : {}),
      ...(assigns.length ? { assigns } : {}),
      ...(declArrays.length ? { declArrays } : {}),
      ...(compound ? { compound } : {}),
    });
    argv = [];
    words = [];
    expanding = false;
    assigns = [];
    declArrays = [];
    redirects = [];
    compound = undefined;
    return true;
  };

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if ((t.kind === "word" || t.kind === "arith") && compound)
      return { ok: false, error: { near: t.kind === "word" ? t.value : "((", at: t.at ?? 0 } };
    const atStart = argv.length === 0 && assigns.length === 0 && redirects.length === 0 && !compound;
    const kw = t.kind === "word" && atStart ? reserved(t) : undefined;
    const form = !atStart
      ? undefined
      : t.kind === "arith"
        ? ({ node: { kind: "arith", src: t.src }, next: i + 1 } as const)
        : t.kind === "op" && t.value === "("
          ? parseSubshell(input, tokens, i)
          : (kw === "function" && !dash) ||
              (kw !== undefined && !Object.hasOwn(OPENERS, kw) && isFunctionDef(tokens, i))
            ? parseFunction(input, tokens, i)
            : kw === "[[" && !dash
              ? parseCond(input, tokens, i)
              : undefined;
    if (form) {
      if (!("node" in form)) return { ok: false, error: form };
      compound = form.node;
      i = form.next - 1;
      sawAnything = true;
      continue;
    }
    if (t.kind === "arith") return { ok: false, error: { near: "((", at: t.at } };
    if (kw !== undefined && Object.hasOwn(OPENERS, kw)) {
      const c = parseCompound(input, tokens, i);
      if ("node" in c) {
        compound = c.node;
        i = c.next - 1;
        sawAnything = true;
        continue;
      }
      return { ok: false, error: c };
    }
    if (kw === "!" && pipeline.length === 0 && !negate) {
      negate = true;
      continue;
    }
    // bash's `time` is a reserved word before a pipeline; sh's is a program like any other.
    if (kw === "time" && !posix && pipeline.length === 0 && !timed && !negate) {
      const p = tokens[i + 1];
      timed = p?.kind === "word" && reserved(p) === "-p" ? "posix" : "bash";
      if (timed === "posix") i++;
      continue;
    }
    if (kw !== undefined && CLOSERS.has(kw))
      return { ok: false, error: { near: kw, at: t.kind === "word" ? (t.at ?? 0) : 0 } };
    if (t.kind === "word") {
      const assignment = argv.length === 0 ? assignmentOf(t.parts, t.value) : undefined;
      // bash parses a declaration builtin's `NAME=(…)` words as array assignments too.
      const declared = !assignment && DECLARERS.has(argv[0] ?? "") ? assignmentOf(t.parts, t.value) : undefined;
      const arrayAt = assignment ?? declared;
      const next = tokens[i + 1];
      if (
        arrayAt &&
        arrayAt.value.length === 0 &&
        arrayAt.index === undefined &&
        next?.kind === "op" &&
        next.value === "(" &&
        next.at === (t.at ?? 0) + t.value.length
      ) {
        // `NAME=(a b c)`: the words up to `)` are the array's elements; POSIX shells have no arrays.
        if (posix) return syntaxError("(");
        const elements: Word[] = [];
        let j = i + 2;
        for (; j < tokens.length; j++) {
          const x = tokens[j]!;
          if (x.kind === "word") elements.push(x.parts);
          else if (x.kind === "op" && x.value === "\n") continue;
          else break;
        }
        const close = tokens[j];
        if (!close) return { ok: false, error: { eof: true, expecting: ")" } };
        if (close.kind !== "op" || close.value !== ")")
          return syntaxError(close.kind === "op" ? close.value : "newline");
        const array = { ...arrayAt, array: elements, arrayText: sourceOf(input, tokens, i + 2, j).trim() };
        if (assignment) assigns.push(array);
        else {
          declArrays.push(array);
          argv.push(array.name);
          words.push([{ k: "lit", v: array.name, q: false }]);
        }
        i = j;
        sawAnything = true;
        continue;
      }
      if (assignment) assigns.push(assignment);
      else {
        argv.push(t.value);
        words.push(t.parts);
        if (
          (isExpanding(t.parts) && !(t.parts.length === 1 && t.value === LAST_STATUS)) ||
          hasGlob(t.parts) ||
          t.parts.some((x) => x.k === "lit" && !x.q && /\{.*[,.].*\}/.test(x.v))
        )
          expanding = true;
      }
      sawAnything = true;
      continue;
    }
    if (t.kind === "heredoc") continue; // consumed with its `<<`
    const v = t.value;
    if (v === "(" || v === ")" || v === ";;") return syntaxError(v);
    if (
      v === ">" ||
      v === ">>" ||
      v === "<" ||
      v === "<>" ||
      v === "&>" ||
      v === "&>>" ||
      v === ">&" ||
      v === "<&" ||
      v === "<<" ||
      v === "<<-" ||
      v === "<<<"
    ) {
      const fd = t.fd;
      if (!isFd(fd) || v === "<>" || (v === "<&" && fd !== 1 && fd !== 2)) {
        const target = tokens[i + 1];
        if (!target || target.kind !== "word") return syntaxError(target?.kind === "op" ? target.value : "newline");
        i++;
        sawAnything = true;
        const r = fdRedirect(fd ?? 0, v, target);
        if (r) redirects.push(r);
        continue;
      }
      if (v === "<<" || v === "<<-") {
        const body = tokens[i + 1];
        const text = body?.kind === "heredoc" ? body.text : "";
        const expands = body?.kind === "heredoc" && body.expand && /[$`\\]/.test(text);
        redirects.push(expands ? { fd: 0, op: "<<", text, word: heredocWord(text) } : { fd: 0, op: "<<", text });
        i++;
        sawAnything = true;
        continue;
      }
      const target = tokens[i + 1];
      if (!target || target.kind !== "word") {
        return syntaxError(
          !target ? "newline" : target.kind === "op" ? (target.value === "\n" ? "newline" : target.value) : "newline",
        );
      }
      i++;
      sawAnything = true;
      const path = target.value;
      const word = isExpanding(target.parts) ? { word: target.parts } : {};
      if (v === "<<<")
        redirects.push({
          fd: 0,
          op: "<<",
          text: path + "\n",
          ...(word.word ? { word: [...word.word, { k: "lit", v: "\n", q: true }] } : {}),
        });
      else if (v === "<") redirects.push({ fd: 0, op: "<", path, ...word });
      else if (v === "&>" || v === "&>>") {
        redirects.push({ fd: 1, op: v === "&>" ? ">" : ">>", path });
        redirects.push({ fd: 2, op: "dup", to: 1 });
      } else if (v === ">&" || v === "<&") {
        const out = fd === 2 ? 2 : 1;
        if (path === "1" || path === "2") redirects.push({ fd: out, op: "dup", to: Number(path) as 1 | 2 });
        else if (path === "-") continue;
        else if (/^\d+$/.test(path)) redirects.push({ fd: out, op: "dupfd", to: Number(path) });
        // Only stdout's `>&word` names a file (stdout and stderr both); any other descriptor's word must be a number.
        else if ((v === "<&" || fd === 2) && !word.word) redirects.push({ fd: out, op: "ambiguous", word: path });
        else {
          redirects.push({ fd: 1, op: ">", path });
          redirects.push({ fd: 2, op: "dup", to: 1 });
        }
      } else {
        const out = fd === 2 ? 2 : 1;
        if (fd === 0) redirects.push({ fd: 0, op: "<", path, ...word });
        else redirects.push({ fd: out, op: v, path, ...word });
      }
      continue;
    }
    if (v === "|") {
      if (!endCommand()) return syntaxError("|");
      continue;
    }
    // A list operator ends the pipeline.
    const hadCommand = endCommand();
    if (v === "\n") {
      if (!hadCommand && pipeline.length > 0) continue; // `a |` newline `b` continues the pipeline
      if (pipeline.length > 0 || timed) list.push({ op: joinOp, pipeline, ...(negate ? { negate } : {}), ...tim() });
      else if (joinOp !== ";") continue; // `a &&` newline `b`
      negate = false;
      timed = undefined;
      pipeline = [];
      joinOp = ";";
      continue;
    }
    if (!hadCommand && pipeline.length > 0) return syntaxError(v);
    if (pipeline.length === 0 && !(timed && v === ";")) return syntaxError(v === "&" ? "&" : v);
    if (pipeline.length > LIMITS.maxPipelineLength)
      return { ok: false, stderr: "bash: pipeline too long\n", exitCode: 2 };
    const neg = { ...(negate ? { negate } : {}), ...tim() };
    list.push(v === "&" ? { op: joinOp, pipeline, background: true, ...neg } : { op: joinOp, pipeline, ...neg });
    negate = false;
    timed = undefined;
    pipeline = [];
    joinOp = v === "&&" || v === "||" ? v : ";";
  }
  const hadCommand = endCommand();
  if (!hadCommand && pipeline.length > 0) return syntaxError("|");
  if (pipeline.length > 0) {
    if (pipeline.length > LIMITS.maxPipelineLength)
      return { ok: false, stderr: "bash: pipeline too long\n", exitCode: 2 };
    list.push({ op: joinOp, pipeline, ...(negate ? { negate } : {}), ...tim() });
  } else if (timed) {
    // `time` alone times nothing, and still reports.
    list.push({ op: joinOp, pipeline: [], ...tim() });
  } else if (joinOp !== ";") {
    // `a &&` at the end: bash would wait for more input; the lab says what bash says at EOF.
    return { ok: false, stderr: "bash: syntax error: unexpected end of file\n", exitCode: 2 };
  }
  void sawAnything;
  return { ok: true, list };
}
