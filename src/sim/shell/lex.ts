/**
 * The shell's tokenizer: words with their parts (word.ts), operators, and
 * here-document bodies, with bash's wording for what cannot be read.
 */
import { ansiC, closingParenAt, scanBackquote, scanDollar, type WordPart } from "./word.ts";

/** Stands for `$?` inside a word until the command runs. */
export const LAST_STATUS = "\uE000";

export type Op =
  | "|"
  | ";"
  | "&&"
  | "||"
  | "&"
  | "\n"
  | ">"
  | ">>"
  | "<"
  | "<>"
  | "<<"
  | "<<-"
  | "<<<"
  | "&>"
  | "&>>"
  | ">&"
  | "<&"
  | "("
  | ")"
  | ";;";
export type Token =
  | { kind: "word"; value: string; quoted: boolean; parts: WordPart[]; at?: number }
  | { kind: "op"; value: Op; fd?: number; at?: number }
  | { kind: "heredoc"; text: string; expand?: boolean }
  /** `(( expression ))` where a command starts. */
  | { kind: "arith"; src: string; at: number };

export function syntaxError(near: string): { ok: false; stderr: string; exitCode: number } {
  return { ok: false, stderr: `bash: syntax error near unexpected token \`${near}'\n`, exitCode: 2 };
}

interface PendingHeredoc {
  readonly delimiter: string;
  readonly stripTabs: boolean;
  readonly index: number;
  /** The delimiter had no quotes: the body's `$` expansions happen. */
  readonly expand: boolean;
}

interface Tokens {
  readonly tokens: Token[];
  /** A here-document whose delimiter line never came. */
  readonly openHeredoc: boolean;
}

export function tokenize(line: string): Tokens | { ok: false; stderr: string; exitCode: number } {
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
    if (inWord) tokens.push({ kind: "word", value: word, quoted, parts, at: wordAt });
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
    tokens.push(fd === undefined ? { kind: "op", value, at: i } : { kind: "op", value, fd, at: i });
    i += len;
  };
  /** Where the word being read started in the line (compound commands keep their bodies as source). */
  let wordAt = 0;
  while (i < line.length) {
    const c = line[i]!;
    const next = line[i + 1];
    if (!inWord && parts.length === 0 && lit === "") wordAt = i;
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
    } else if ((c === "$" && next !== "'") || c === "`") {
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
          const text = lines.map((l) => l + "\n").join("");
          tokens[h.index] = h.expand ? { kind: "heredoc", text, expand: true } : { kind: "heredoc", text };
        }
        pending.length = 0;
      }
    } else if (c === "|") {
      op(next === "|" ? "||" : "|", next === "|" ? 2 : 1);
    } else if (c === ";") {
      if (next === ";") op(";;", 2);
      else op(";", 1);
    } else if (c === "(" && next === "(" && !inWord && arithEnd(line, i + 2) > 0) {
      flush();
      const end = arithEnd(line, i + 2);
      tokens.push({ kind: "arith", src: line.slice(i + 2, end), at: i });
      i = end + 2;
    } else if (c === "(" || c === ")") {
      op(c, 1);
    } else if (c === "$" && next === "'") {
      const ansi = ansiC(line, i + 2);
      if (!ansi) return { ok: false, stderr: "bash: unexpected EOF while looking for matching `''\n", exitCode: 2 };
      word += ansi.text;
      addLit(ansi.text, true);
      inWord = true;
      quoted = true;
      i = ansi.end;
    } else if (c === "<" && next === "(" && !inWord) {
      const end = closingParenAt(line, i + 2);
      if (end < 0) return { ok: false, stderr: "bash: unexpected EOF while looking for matching `)'\n", exitCode: 2 };
      addPart({ k: "psub", src: line.slice(i + 2, end), q: false }, line.slice(i, end + 1));
      i = end + 1;
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
          let delimQuoted = false;
          while (i < line.length && !" \t\n;|&<>".includes(line[i]!)) {
            if (line[i] === "'" || line[i] === '"') {
              const q = line[i]!;
              const end = line.indexOf(q, i + 1);
              if (end < 0) break;
              delimQuoted = true;
              delim += line.slice(i + 1, end);
              i = end + 1;
            } else if (line[i] === "\\" && i + 1 < line.length) {
              delimQuoted = true;
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
          pending.push({
            delimiter: delim,
            stripTabs: last.value === "<<-",
            index: tokens.length,
            expand: !delimQuoted,
          });
          tokens.push({ kind: "heredoc", text: "" });
        }
      } else if (next === ">") op("<>", 2, fd);
      else if (next === "&") op("<&", 2, fd);
      else op("<", 1, fd);
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

/** Where the `))` closing a `((` opened just before `from` is (the index of its first `)`), or -1. */
function arithEnd(line: string, from: number): number {
  let depth = 0;
  for (let i = from; i < line.length; i++) {
    const c = line[i]!;
    if (c === "\n") return -1;
    if (c === "(") depth++;
    else if (c === ")") {
      if (depth === 0) return line[i + 1] === ")" ? i : -1;
      depth--;
    }
  }
  return -1;
}
