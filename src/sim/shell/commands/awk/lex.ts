/** awk's tokens: numbers, strings, regular expressions (where an operand may start), names, keywords and operators. */

export class AwkSyntax extends Error {
  constructor(
    readonly near: string,
    readonly line: number,
    readonly eofBrace = false,
  ) {
    super(near);
  }
}

export interface Tok {
  k: "num" | "str" | "re" | "name" | "func" | "builtin" | "kw" | "op" | "nl" | "eof";
  v: string;
  line: number;
}

const KEYWORDS = new Set(["BEGIN", "END", "print", "printf", "if", "else", "while", "for", "do", "in", "next", "exit", "break", "continue", "delete", "getline", "function", "return"]); // prettier-ignore
export const BUILTINS = new Set(["length", "substr", "index", "split", "sub", "gsub", "match", "tolower", "toupper", "sprintf", "int", "sqrt", "exp", "log", "sin", "cos", "atan2", "rand", "srand", "system"]); // prettier-ignore
const OPS = ["+=", "-=", "*=", "/=", "%=", "^=", "==", "<=", ">=", "!=", "++", "--", "&&", "||", "!~", ">>", "**", "{", "}", "(", ")", "[", "]", ";", ",", "+", "-", "*", "/", "%", "^", "!", ">", "<", "|", "?", ":", "~", "$", "="]; // prettier-ignore

export function lex(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  let line = 1;
  const regexOk = () => {
    const p = out[out.length - 1];
    if (!p) return true;
    if (p.k === "num" || p.k === "str" || p.k === "name" || p.k === "re") return false;
    if (p.k === "builtin") return false;
    if (p.k === "op") return !(p.v === ")" || p.v === "]" || p.v === "$" || p.v === "++" || p.v === "--");
    return true;
  };
  while (i < src.length) {
    const c = src[i]!;
    if (c === "\\" && src[i + 1] === "\n") {
      i += 2;
      line++;
      continue;
    }
    if (c === " " || c === "\t" || c === "\r") {
      i++;
      continue;
    }
    if (c === "\n") {
      out.push({ k: "nl", v: "\n", line });
      line++;
      i++;
      continue;
    }
    if (c === "#") {
      while (i < src.length && src[i] !== "\n") i++;
      continue;
    }
    if (/[0-9.]/.test(c) && /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.test(src.slice(i))) {
      const m = /^(0[xX][0-9a-fA-F]+|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)/.exec(src.slice(i))![0];
      out.push({ k: "num", v: m, line });
      i += m.length;
      continue;
    }
    if (c === '"') {
      let s = "";
      let j = i + 1;
      for (; j < src.length && src[j] !== '"'; j++) {
        if (src[j] === "\n") throw new AwkSyntax("runaway string", line);
        if (src[j] === "\\" && j + 1 < src.length) {
          const n = src[++j]!;
          s +=
            (
              { n: "\n", t: "\t", r: "\r", "\\": "\\", '"': '"', "/": "/", a: "\x07", b: "\b" } as Record<
                string,
                string
              >
            )[n] ?? "\\" + n;
        } else s += src[j];
      }
      if (j >= src.length) throw new AwkSyntax("runaway string", line);
      out.push({ k: "str", v: s, line });
      i = j + 1;
      continue;
    }
    if (c === "/" && regexOk()) {
      let s = "";
      let j = i + 1;
      for (; j < src.length && src[j] !== "/"; j++) {
        if (src[j] === "\n") throw new AwkSyntax("runaway regular expression", line);
        if (src[j] === "\\" && src[j + 1] === "/") {
          s += "/";
          j++;
        } else if (src[j] === "\\" && j + 1 < src.length) {
          s += src[j]! + src[++j]!;
        } else s += src[j];
      }
      if (j >= src.length) throw new AwkSyntax("runaway regular expression", line);
      out.push({ k: "re", v: s, line });
      i = j + 1;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
    if (name) {
      const w = name[0];
      out.push({ k: KEYWORDS.has(w) ? "kw" : BUILTINS.has(w) ? "builtin" : "name", v: w, line });
      i += w.length;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (!op) throw new AwkSyntax(c, line);
    out.push({ k: "op", v: op === "**" ? "^" : op, line });
    i += op.length;
  }
  out.push({ k: "eof", v: "end of file", line });
  return out;
}
