/**
 * A small bash-like parser: words with '…', "…" and \ quoting, `$?`, pipelines (|),
 * lists (; && || and newlines), redirections (> >> < 2> 2>&1 &> <<EOF <<<) and
 * here-documents when the input holds several lines. Syntax errors are values
 * carrying bash's wording. `$?` is left as a marker that run.ts expands.
 */
import { LIMITS } from "../limits.ts";
import { hasGlob, isExpanding, scanBackquote, scanDollar, type Word, type WordPart } from "./word.ts";

export type { Word, WordPart } from "./word.ts";

/** Stands for `$?` inside a word until the command runs. */
export const LAST_STATUS = "\uE000";

export type Redirect =
  /** `N> path` or `N>> path` (N is 1 or 2); `&> path` is two of these, 1 then 2>&1. `word` when the path has expansions. */
  | { readonly fd: 1 | 2; readonly op: ">" | ">>"; readonly path: string; readonly word?: Word }
  /** `N>&M`: fd N writes wherever fd M writes now. */
  | { readonly fd: 1 | 2; readonly op: "dup"; readonly to: 1 | 2 }
  | { readonly fd: 0; readonly op: "<"; readonly path: string; readonly word?: Word }
  /** A here-document or here-string: its text is the command's stdin. */
  | { readonly fd: 0; readonly op: "<<"; readonly text: string };

/** `NAME=value` before a command (or alone): a variable for the shell, or for that command only. */
export interface Assignment {
  readonly name: string;
  readonly value: Word;
}

export interface SimpleCommand {
  /** The words as written (quotes removed); an expansion shows as its source text, `$?` as LAST_STATUS. */
  readonly argv: readonly string[];
  /** In the order written; omitted when there are none. */
  readonly redirects?: readonly Redirect[];
  /** The words to expand, one per argv entry; omitted when no word has an expansion beyond `$?`. */
  readonly words?: readonly Word[];
  /** Leading assignments, in order; omitted when there are none. */
  readonly assigns?: readonly Assignment[];
}

export type Pipeline = readonly SimpleCommand[];

/** One pipeline of a list, and how it joins the one before it (`;` for the first). */
export interface ListItem {
  readonly op: ";" | "&&" | "||";
  readonly pipeline: Pipeline;
}

export type ParseResult =
  | { readonly ok: true; readonly list: readonly ListItem[] }
  | { readonly ok: false; readonly stderr: string; readonly exitCode: number };

type Op = "|" | ";" | "&&" | "||" | "&" | "\n" | ">" | ">>" | "<" | "<<" | "<<-" | "<<<" | "&>" | "&>>" | ">&";
type Token =
  | { kind: "word"; value: string; quoted: boolean; parts: WordPart[] }
  | { kind: "op"; value: Op; fd?: number }
  | { kind: "heredoc"; text: string };

function syntaxError(near: string): { ok: false; stderr: string; exitCode: number } {
  return { ok: false, stderr: `bash: syntax error near unexpected token \`${near}'\n`, exitCode: 2 };
}

interface PendingHeredoc {
  readonly delimiter: string;
  readonly stripTabs: boolean;
  readonly index: number;
}

interface Tokens {
  readonly tokens: Token[];
  /** A here-document whose delimiter line never came. */
  readonly openHeredoc: boolean;
}

function tokenize(line: string): Tokens | { ok: false; stderr: string; exitCode: number } {
  const tokens: Token[] = [];
  let openHeredoc = false;
  const pending: PendingHeredoc[] = [];
  let word = "";
  let inWord = false;
  let quoted = false;
  let parts: WordPart[] = [];
  let lit = "";
  let litQuoted = false;
  let i = 0;
  const flushLit = () => {
    if (lit !== "") parts.push({ k: "lit", v: lit, q: litQuoted });
    lit = "";
  };
  /** Literal text of the word; quoted text is neither split nor matched as a pattern. */
  const addLit = (text: string, q: boolean) => {
    if (lit !== "" && litQuoted !== q) flushLit();
    litQuoted = q;
    if (text === "" && q) {
      flushLit();
      parts.push({ k: "lit", v: "", q: true });
    }
    lit += text;
  };
  const addPart = (part: WordPart, source: string) => {
    flushLit();
    parts.push(part);
    word += source;
    inWord = true;
  };
  const flush = () => {
    flushLit();
    if (inWord) tokens.push({ kind: "word", value: word, quoted, parts });
    word = "";
    inWord = false;
    quoted = false;
    parts = [];
  };
  /** A `$...` or backquoted expansion at `at`; returns where it ends, or an error. */
  const expansion = (at: number, q: boolean): number | { ok: false; stderr: string; exitCode: number } => {
    const scan = line[at] === "`" ? scanBackquote(line, at, q) : scanDollar(line, at, q);
    if (!scan) return -1;
    if ("error" in scan) return { ok: false, stderr: scan.error, exitCode: 2 };
    const p = scan.part;
    addPart(p, p.k === "var" && p.name === "?" && !p.op ? LAST_STATUS : line.slice(at, scan.end));
    return scan.end;
  };
  const op = (value: Op, len: number, fd?: number) => {
    flush();
    tokens.push(fd === undefined ? { kind: "op", value } : { kind: "op", value, fd });
    i += len;
  };
  while (i < line.length) {
    const c = line[i]!;
    const next = line[i + 1];
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) return { ok: false, stderr: "bash: unexpected EOF while looking for matching `''\n", exitCode: 2 };
      word += line.slice(i + 1, end);
      addLit(line.slice(i + 1, end), true);
      inWord = true;
      quoted = true;
      i = end + 1;
    } else if (c === '"') {
      let j = i + 1;
      addLit("", true);
      inWord = true;
      quoted = true;
      while (j < line.length && line[j] !== '"') {
        const d = line[j]!;
        if (d === "\\" && j + 1 < line.length && '"\\$`\n'.includes(line[j + 1]!)) {
          if (line[j + 1] !== "\n") {
            word += line[j + 1];
            addLit(line[j + 1]!, true);
          }
          j += 2;
        } else if (d === "$" || d === "`") {
          const end = expansion(j, true);
          if (typeof end !== "number") return end;
          if (end < 0) {
            word += d;
            addLit(d, true);
            j++;
          } else j = end;
        } else {
          word += d;
          addLit(d, true);
          j++;
        }
      }
      if (j >= line.length)
        return { ok: false, stderr: "bash: unexpected EOF while looking for matching `\"'\n", exitCode: 2 };
      i = j + 1;
    } else if (c === "\\" && i + 1 < line.length) {
      if (next !== "\n") {
        word += next;
        addLit(next!, true);
      }
      inWord = inWord || next !== "\n";
      i += 2;
    } else if (c === "$" || c === "`") {
      const end = expansion(i, false);
      if (typeof end !== "number") return end;
      if (end < 0) {
        word += c;
        addLit(c, false);
        inWord = true;
        i++;
      } else i = end;
    } else if (c === "~" && !inWord) {
      // A leading tilde is the home directory (`~`, `~/x`); `~user` forms are left as typed.
      const after = line[i + 1];
      if (after === undefined || after === "/" || " \t\n;|&<>)".includes(after)) addPart({ k: "tilde" }, "~");
      else {
        word += c;
        addLit(c, false);
        inWord = true;
      }
      i++;
    } else if (c === " " || c === "\t") {
      flush();
      i++;
    } else if (c === "#" && !inWord) {
      const nl = line.indexOf("\n", i);
      i = nl < 0 ? line.length : nl;
    } else if (c === "\n") {
      op("\n", 1);
      if (pending.length > 0) {
        // The here-documents' bodies follow the line that named them.
        for (const h of pending) {
          const lines: string[] = [];
          let found = false;
          while (i < line.length) {
            const nl = line.indexOf("\n", i);
            const raw = nl < 0 ? line.slice(i) : line.slice(i, nl);
            i = nl < 0 ? line.length : nl + 1;
            const text = h.stripTabs ? raw.replace(/^\t+/, "") : raw;
            if (text === h.delimiter) {
              found = true;
              break;
            }
            lines.push(text);
          }
          if (!found) openHeredoc = true;
          tokens[h.index] = { kind: "heredoc", text: lines.map((l) => l + "\n").join("") };
        }
        pending.length = 0;
      }
    } else if (c === "|") {
      op(next === "|" ? "||" : "|", next === "|" ? 2 : 1);
    } else if (c === ";") {
      op(";", 1);
    } else if (c === "&") {
      if (next === "&") op("&&", 2);
      else if (next === ">") op(line[i + 2] === ">" ? "&>>" : "&>", line[i + 2] === ">" ? 3 : 2);
      else op("&", 1);
    } else if (c === ">" || c === "<") {
      // A bare digit just before (`2>`) names the file descriptor.
      let fd: number | undefined;
      if (inWord && /^\d$/.test(word) && !quoted && parts.length === 0) {
        fd = Number(word);
        word = "";
        lit = "";
        inWord = false;
      }
      if (c === ">") {
        if (next === ">") op(">>", 2, fd);
        else if (next === "&") op(">&", 2, fd);
        else if (next === "|") op(">", 2, fd);
        else op(">", 1, fd);
      } else if (next === "<") {
        if (line[i + 2] === "<") op("<<<", 3, fd);
        else {
          op(line[i + 2] === "-" ? "<<-" : "<<", line[i + 2] === "-" ? 3 : 2, fd);
          // Read the delimiter word now, so the body can be found at the next newline.
          while (line[i] === " " || line[i] === "\t") i++;
          let delim = "";
          while (i < line.length && !" \t\n;|&<>".includes(line[i]!)) {
            if (line[i] === "'" || line[i] === '"') {
              const q = line[i]!;
              const end = line.indexOf(q, i + 1);
              if (end < 0) break;
              delim += line.slice(i + 1, end);
              i = end + 1;
            } else if (line[i] === "\\" && i + 1 < line.length) {
              delim += line[i + 1];
              i += 2;
            } else {
              delim += line[i];
              i++;
            }
          }
          if (delim === "") {
            const rest = line.slice(i).trimStart();
            return syntaxError(rest === "" || rest.startsWith("\n") ? "newline" : rest[0]!);
          }
          const last = tokens[tokens.length - 1] as { kind: "op"; value: Op };
          pending.push({ delimiter: delim, stripTabs: last.value === "<<-", index: tokens.length });
          tokens.push({ kind: "heredoc", text: "" });
        }
      } else op("<", 1, fd);
    } else {
      word += c;
      addLit(c, false);
      inWord = true;
      i++;
    }
  }
  flush();
  if (pending.length > 0) {
    // bash: a here-document with no body at all reads as empty, after a warning we do not print.
    for (const h of pending) tokens[h.index] = { kind: "heredoc", text: "" };
    openHeredoc = true;
  }
  return { tokens, openHeredoc };
}

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
  return last?.kind === "op" && (last.value === "|" || last.value === "&&" || last.value === "||");
}

function isFd(n: number | undefined): n is 0 | 1 | 2 | undefined {
  return n === undefined || n === 0 || n === 1 || n === 2;
}

const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=/;

/** `NAME=value` when the word starts with an unquoted name and `=`. */
function assignmentOf(parts: readonly WordPart[]): Assignment | undefined {
  const first = parts[0];
  if (!first || first.k !== "lit" || first.q) return undefined;
  const m = ASSIGNMENT.exec(first.v);
  if (!m) return undefined;
  const rest = first.v.slice(m[0].length);
  const value: WordPart[] = rest === "" ? [] : [{ k: "lit", v: rest, q: false }];
  return { name: m[1]!, value: [...value, ...parts.slice(1)] };
}

/** Parses one input (possibly several lines) into a list of pipelines. */
export function parseScript(input: string): ParseResult {
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
  let redirects: Redirect[] = [];
  let sawAnything = false;

  const endCommand = (): boolean => {
    if (argv.length === 0 && redirects.length === 0 && assigns.length === 0) return false;
    pipeline.push({
      argv,
      ...(redirects.length ? { redirects } : {}),
      ...(expanding ? { words } : {}),
      ...(assigns.length ? { assigns } : {}),
    });
    argv = [];
    words = [];
    expanding = false;
    assigns = [];
    redirects = [];
    return true;
  };

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === "word") {
      const assignment = argv.length === 0 ? assignmentOf(t.parts) : undefined;
      if (assignment) assigns.push(assignment);
      else {
        argv.push(t.value);
        words.push(t.parts);
        if ((isExpanding(t.parts) && !(t.parts.length === 1 && t.value === LAST_STATUS)) || hasGlob(t.parts))
          expanding = true;
      }
      sawAnything = true;
      continue;
    }
    if (t.kind === "heredoc") continue; // consumed with its `<<`
    const v = t.value;
    if (
      v === ">" ||
      v === ">>" ||
      v === "<" ||
      v === "&>" ||
      v === "&>>" ||
      v === ">&" ||
      v === "<<" ||
      v === "<<-" ||
      v === "<<<"
    ) {
      const fd = t.fd;
      if (!isFd(fd)) {
        // Descriptors beyond 2 are accepted by bash; the lab has nothing behind them.
        const target = tokens[i + 1];
        if (!target || target.kind !== "word") return syntaxError(target?.kind === "op" ? target.value : "newline");
        i++;
        continue;
      }
      if (v === "<<" || v === "<<-") {
        const body = tokens[i + 1];
        redirects.push({ fd: 0, op: "<<", text: body?.kind === "heredoc" ? body.text : "" });
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
      if (v === "<<<") redirects.push({ fd: 0, op: "<<", text: path + "\n" });
      else if (v === "<") redirects.push({ fd: 0, op: "<", path, ...word });
      else if (v === "&>" || v === "&>>") {
        redirects.push({ fd: 1, op: v === "&>" ? ">" : ">>", path });
        redirects.push({ fd: 2, op: "dup", to: 1 });
      } else if (v === ">&") {
        const out = fd === 2 ? 2 : 1;
        if (path === "1" || path === "2") redirects.push({ fd: out, op: "dup", to: Number(path) as 1 | 2 });
        else if (path === "-") continue;
        else if (/^\d+$/.test(path)) return { ok: false, stderr: `bash: ${path}: Bad file descriptor\n`, exitCode: 1 };
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
      if (pipeline.length > 0) list.push({ op: joinOp, pipeline });
      else if (joinOp !== ";") continue; // `a &&` newline `b`
      pipeline = [];
      joinOp = ";";
      continue;
    }
    if (!hadCommand && pipeline.length > 0) return syntaxError(v);
    if (pipeline.length === 0) return syntaxError(v === "&" ? "&" : v);
    if (pipeline.length > LIMITS.maxPipelineLength)
      return { ok: false, stderr: "bash: pipeline too long\n", exitCode: 2 };
    list.push({ op: joinOp, pipeline });
    pipeline = [];
    joinOp = v === "&&" || v === "||" ? v : ";";
  }
  const hadCommand = endCommand();
  if (!hadCommand && pipeline.length > 0) return syntaxError("|");
  if (pipeline.length > 0) {
    if (pipeline.length > LIMITS.maxPipelineLength)
      return { ok: false, stderr: "bash: pipeline too long\n", exitCode: 2 };
    list.push({ op: joinOp, pipeline });
  } else if (joinOp !== ";") {
    // `a &&` at the end: bash would wait for more input; the lab says what bash says at EOF.
    return { ok: false, stderr: "bash: syntax error: unexpected end of file\n", exitCode: 2 };
  }
  void sawAnything;
  return { ok: true, list };
}
