/**
 * A function as `declare -f NAME` and `type NAME` print it, in bash's layout: `NAME () `,
 * `{ `, each command on a line of its own four spaces further in, `for`/`while`/`if`/
 * `case` and `{ }` opened out over several lines, a `;` after each command but the last
 * of a `{ }` or a `case` arm, a simple command's words one space apart and its
 * redirections as `> file`. What the printer does not know (a subshell, a here-document)
 * it keeps as typed.
 */
import { reserved } from "./compound.ts";
import { tokenize, type Token } from "./lex.ts";

type Stop = ReadonlySet<string>;

const IN = "    ";

class Printer {
  i = 0;
  constructor(
    readonly text: string,
    readonly tokens: readonly Token[],
  ) {}

  word(at: number): string | undefined {
    const t = this.tokens[at];
    return reserved(t);
  }

  isOp(at: number, ...ops: string[]): boolean {
    const t = this.tokens[at];
    return t?.kind === "op" && ops.includes(t.value);
  }

  /** A token as typed: a word's source runs to where the next token starts. */
  source(at: number): string {
    const t = this.tokens[at]!;
    if (t.kind === "op") return t.fd !== undefined ? `${t.fd}${t.value}` : t.value;
    if (t.kind === "arith") return `((${t.src}))`;
    const from = "at" in t && t.at !== undefined ? t.at : 0;
    const next = this.tokens.slice(at + 1).find((x) => "at" in x && x.at !== undefined);
    const to = next && "at" in next && next.at !== undefined ? next.at : this.text.length;
    const text = this.text.slice(from, to).trim();
    // The next token's `at` is its operator's: a descriptor before it (`2>&1`) is no part of this word.
    return next?.kind === "op" && next.fd !== undefined ? text.replace(/\s*\d+$/, "") : text;
  }

  skipNewlines(): void {
    while (this.isOp(this.i, "\n", ";") && this.i < this.tokens.length) this.i++;
  }

  /** Commands up to one of `stops`: each a line (or several), `;` after each, or not after the last. */
  list(stops: Stop, depth: number, lastSemi: boolean): string[] | undefined {
    const cmds: string[][] = [];
    for (let guard = 0; guard < 10_000; guard++) {
      while (this.isOp(this.i, "\n", ";")) this.i++;
      if (this.i >= this.tokens.length) break;
      const w = this.word(this.i);
      if (w !== undefined && stops.has(w)) break;
      if (stops.has(";;") && this.isOp(this.i, ";;")) break;
      const c = this.andOr(depth);
      if (!c) return undefined;
      cmds.push(c);
    }
    const out: string[] = [];
    cmds.forEach((c, k) => {
      const semi = lastSemi || k < cmds.length - 1 ? ";" : "";
      out.push(...c.slice(0, -1), c[c.length - 1]! + semi);
    });
    return out;
  }

  /** Pipelines joined by `|`, `&&`, `||`: one line unless a compound command opens it out. */
  andOr(depth: number): string[] | undefined {
    let lines = this.command(depth);
    if (!lines) return undefined;
    for (let guard = 0; guard < 1_000 && this.isOp(this.i, "|", "&&", "||"); guard++) {
      const op = (this.tokens[this.i] as { value: string }).value;
      this.i++;
      while (this.isOp(this.i, "\n")) this.i++;
      const next = this.command(depth);
      if (!next) return undefined;
      lines = [...lines.slice(0, -1), `${lines[lines.length - 1]} ${op} ${next[0]!.trimStart()}`, ...next.slice(1)];
    }
    return lines;
  }

  /** Redirections after a compound command's closing word. */
  trailing(): string {
    let out = "";
    while (
      this.i < this.tokens.length &&
      this.tokens[this.i]!.kind === "op" &&
      !this.isOp(this.i, "\n", ";", "|", "&&", "||", "&", ";;", ")")
    ) {
      out += ` ${this.source(this.i)}`;
      this.i++;
      if (this.tokens[this.i]?.kind === "word") out += ` ${this.source(this.i++)}`;
    }
    return out;
  }

  /** A condition up to `stop` (`do`, `then`), on one line. */
  inline(stop: string, depth: number): string | undefined {
    const lines = this.list(new Set([stop]), depth, false);
    if (!lines || lines.length !== 1 || this.word(this.i) !== stop) return undefined;
    return lines[0]!.trim();
  }

  command(depth: number): string[] | undefined {
    const pad = IN.repeat(depth);
    const w = this.word(this.i);
    if (w === "for" && this.tokens[this.i + 1]?.kind === "word") {
      const name = this.source(this.i + 1);
      this.i += 2;
      let head = `for ${name} in "$@"`;
      if (this.word(this.i) === "in") {
        const words: string[] = [];
        for (this.i++; this.tokens[this.i]?.kind === "word"; this.i++) words.push(this.source(this.i));
        head = `for ${name} in ${words.join(" ")}`;
      }
      this.skipNewlines();
      if (this.word(this.i) !== "do") return undefined;
      this.i++;
      const body = this.list(new Set(["done"]), depth + 1, true);
      if (!body || this.word(this.i) !== "done") return undefined;
      this.i++;
      return [`${pad}${head};`, `${pad}do`, ...body, `${pad}done${this.trailing()}`];
    }
    if (w === "while" || w === "until") {
      this.i++;
      const cond = this.inline("do", 0);
      if (cond === undefined) return undefined;
      this.i++;
      const body = this.list(new Set(["done"]), depth + 1, true);
      if (!body || this.word(this.i) !== "done") return undefined;
      this.i++;
      return [`${pad}${w} ${cond.replace(/;$/, "")}; do`, ...body, `${pad}done${this.trailing()}`];
    }
    if (w === "if") return this.ifForm(depth);
    if (w === "case") return this.caseForm(depth);
    if (w === "{") {
      this.i++;
      const body = this.list(new Set(["}"]), depth + 1, false);
      if (!body || this.word(this.i) !== "}") return undefined;
      this.i++;
      return [`${pad}{ `, ...body, `${pad}}${this.trailing()}`];
    }
    if (w !== undefined && ["then", "else", "elif", "fi", "do", "done", "esac", "}"].includes(w)) return undefined;
    if (this.isOp(this.i, "(")) return undefined;
    // A simple command: its words, then each redirection as `OP target`.
    const words: string[] = [];
    for (let guard = 0; guard < 10_000 && this.i < this.tokens.length; guard++) {
      const t = this.tokens[this.i]!;
      if (t.kind === "word" || t.kind === "arith") {
        words.push(this.source(this.i++));
        continue;
      }
      if (t.kind !== "op" || ["\n", ";", "|", "&&", "||", "&", ";;", ")", "("].includes(t.value)) break;
      if (t.value.startsWith("<<")) return undefined;
      const target = this.tokens[this.i + 1]?.kind === "word" ? this.source(this.i + 1) : "";
      words.push(t.value.endsWith("&") ? `${this.source(this.i)}${target}` : `${this.source(this.i)} ${target}`);
      this.i += target ? 2 : 1;
    }
    return words.length > 0 ? [`${pad}${words.join(" ")}`] : undefined;
  }

  /** `if … then … elif … else … fi`: an `elif` prints as an `if` inside the `else`. */
  ifForm(depth: number): string[] | undefined {
    const pad = IN.repeat(depth);
    this.i++;
    const cond = this.inline("then", 0);
    if (cond === undefined) return undefined;
    this.i++;
    const body = this.list(new Set(["elif", "else", "fi"]), depth + 1, true);
    if (!body) return undefined;
    const out = [`${pad}if ${cond.replace(/;$/, "")}; then`, ...body];
    const w = this.word(this.i);
    if (w === "elif") {
      const nested = this.ifForm(depth + 1);
      if (!nested) return undefined;
      const last = nested[nested.length - 1]!;
      return [...out, `${pad}else`, ...nested.slice(0, -1), `${last};`, `${pad}fi${this.trailing()}`];
    }
    if (w === "else") {
      this.i++;
      const other = this.list(new Set(["fi"]), depth + 1, true);
      if (!other) return undefined;
      out.push(`${pad}else`, ...other);
    }
    if (this.word(this.i) !== "fi") return undefined;
    this.i++;
    return [...out, `${pad}fi${this.trailing()}`];
  }

  caseForm(depth: number): string[] | undefined {
    const pad = IN.repeat(depth);
    if (this.tokens[this.i + 1]?.kind !== "word" || this.word(this.i + 2) !== "in") return undefined;
    const out = [`${pad}case ${this.source(this.i + 1)} in `];
    this.i += 3;
    for (let guard = 0; guard < 1_000; guard++) {
      while (this.isOp(this.i, "\n")) this.i++;
      if (this.word(this.i) === "esac") break;
      if (this.isOp(this.i, "(")) this.i++;
      const patterns: string[] = [];
      for (; this.i < this.tokens.length && !this.isOp(this.i, ")"); this.i++)
        if (!this.isOp(this.i, "|")) patterns.push(this.source(this.i));
      if (!this.isOp(this.i, ")")) return undefined;
      this.i++;
      const body = this.list(new Set(["esac", ";;"]), depth + 2, false);
      if (!body) return undefined;
      out.push(`${pad}${IN}${patterns.join(" | ")})`, ...body, `${pad}${IN};;`);
      if (this.isOp(this.i, ";;")) this.i++;
    }
    if (this.word(this.i) !== "esac") return undefined;
    this.i++;
    return [...out, `${pad}esac${this.trailing()}`];
  }
}

/** The body's lines, or undefined where the printer meets what it does not lay out. */
function bodyLines(body: string): string[] | undefined {
  const t = tokenize(body);
  if (!("tokens" in t) || t.tokens.some((x) => x.kind === "heredoc")) return undefined;
  const p = new Printer(body, t.tokens);
  if (p.word(0) !== "{") return undefined;
  p.i = 1;
  const lines = p.list(new Set(["}"]), 1, false);
  if (!lines || p.word(p.i) !== "}" || p.i !== t.tokens.length - 1) return undefined;
  return lines;
}

export function functionText(name: string, body: string): string {
  const lines = bodyLines(body);
  if (!lines) return `${name} () \n${body}\n`;
  return `${name} () \n{ \n${lines.map((l) => `${l}\n`).join("")}}\n`;
}
