/**
 * nginx's configuration tokenizer (ngx_conf_read_token): words separated by blanks, `#`
 * comments, single or double quotes with backslash escapes, and a statement ends at `;`,
 * opens a block at `{` or closes one at `}`. Each statement comes with the line where it
 * ended, which is where nginx reports what is wrong with it.
 */

export type Statement =
  | { readonly kind: "words"; readonly words: readonly string[]; readonly end: ";" | "{"; readonly line: number }
  | { readonly kind: "close"; readonly line: number }
  | { readonly kind: "eof"; readonly line: number }
  | { readonly kind: "error"; readonly message: string; readonly line: number };

const ESCAPES: Readonly<Record<string, string>> = { '"': '"', "'": "'", "\\": "\\", t: "\t", r: "\r", n: "\n" };

/** Reads `text` statement by statement, as nginx's parser pulls them. */
export class Tokens {
  private pos = 0;
  private line = 1;

  constructor(private readonly text: string) {}

  next(): Statement {
    const words: string[] = [];
    const t = this.text;
    // A statement is at most as long as the file: the position only moves on.
    while (this.pos < t.length) {
      const ch = t[this.pos]!;
      if (ch === "\n") {
        this.line++;
        this.pos++;
      } else if (ch === " " || ch === "\t" || ch === "\r") this.pos++;
      else if (ch === "#") {
        while (this.pos < t.length && t[this.pos] !== "\n") this.pos++;
      } else if (ch === ";" || ch === "{") {
        this.pos++;
        if (words.length === 0) return { kind: "error", message: `unexpected "${ch}"`, line: this.line };
        return { kind: "words", words, end: ch, line: this.line };
      } else if (ch === "}") {
        this.pos++;
        if (words.length > 0) return { kind: "error", message: 'unexpected "}"', line: this.line };
        return { kind: "close", line: this.line };
      } else if (ch === '"' || ch === "'") {
        const w = this.quoted(ch);
        if (w === undefined) break;
        words.push(w);
        const after = t[this.pos];
        if (after !== undefined && !/[\s;{}]/.test(after))
          return { kind: "error", message: `unexpected "${after}"`, line: this.line };
      } else words.push(this.bare());
    }
    if (words.length > 0)
      return { kind: "error", message: 'unexpected end of file, expecting ";" or "}"', line: this.line };
    return { kind: "eof", line: this.line };
  }

  /** A quoted word; undefined when the file ends before its closing quote. */
  private quoted(q: string): string | undefined {
    const t = this.text;
    let out = "";
    this.pos++;
    while (this.pos < t.length) {
      const ch = t[this.pos]!;
      if (ch === "\\" && this.pos + 1 < t.length) {
        const e = t[this.pos + 1]!;
        out += ESCAPES[e] ?? "\\" + e;
        if (e === "\n") this.line++;
        this.pos += 2;
        continue;
      }
      this.pos++;
      if (ch === q) return out;
      if (ch === "\n") this.line++;
      out += ch;
    }
    return undefined;
  }

  private bare(): string {
    const t = this.text;
    const start = this.pos;
    while (this.pos < t.length && !/[\s;{}"']/.test(t[this.pos]!)) {
      // A backslash keeps the next character in the word.
      this.pos += t[this.pos] === "\\" ? 2 : 1;
    }
    return t.slice(start, Math.min(this.pos, t.length));
  }
}
