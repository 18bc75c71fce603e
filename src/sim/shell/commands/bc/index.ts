/**
 * `bc` (GNU bc 1.07.1 on the hosts; busybox's in the containers prints the same for
 * these): statements on stdin or in files, each expression's value printed; variables,
 * `scale`, `ibase`, `obase`, + - * / % ^, comparisons, `sqrt`, `length`, `scale()`.
 * Without the math library's functions (`-l` sets scale=20 only).
 */
import type { Command, CommandResult } from "../../command.ts";
import { type CommandModule, flag, FREE } from "../../spec.ts";
import { openEach } from "../../lib/files.ts";
import { add, BcRuntime, cmp, div, mod, mul, num, parseLiteral, pow, show, sqrt, ZERO, type Num } from "./num.ts";

class BcSyntax extends Error {
  constructor(readonly line: number) {
    super("syntax error");
  }
}

interface Tok {
  readonly t: string;
  readonly line: number;
}

function lex(src: string): Tok[] {
  const out: Tok[] = [];
  let line = 1;
  const re =
    /\s*?(\n|[0-9A-F]+\.?[0-9A-F]*|\.[0-9A-F]+|[a-z][a-z0-9_]*|==|!=|<=|>=|&&|\|\||[-+*/%^]=|\+\+|--|\/\*[\s\S]*?\*\/|#[^\n]*|[-+*/%^=<>();{},!]|\S)/gy;
  for (let m = re.exec(src); m; m = re.exec(src)) {
    const t = m[1]!;
    if (t.startsWith("/*") || t.startsWith("#")) continue;
    out.push({ t, line });
    if (t === "\n") line++;
  }
  out.push({ t: "<eof>", line });
  return out;
}

class Bc {
  vars = new Map<string, Num>();
  scale = 0;
  ibase = 10;
  obase = 10;
  out = "";
  private toks: Tok[] = [];
  private i = 0;

  run(src: string): void {
    this.toks = lex(src);
    this.i = 0;
    while (this.peek() !== "<eof>") {
      if (this.peek() === "\n" || this.peek() === ";") {
        this.i++;
        continue;
      }
      if (this.peek() === "quit") return;
      const start = this.i;
      try {
        const { v, assign } = this.statement();
        if (this.peek() !== "\n" && this.peek() !== ";" && this.peek() !== "<eof>") throw new BcSyntax(this.lineAt());
        if (!assign) this.out += show(v, this.obase) + "\n";
      } catch (e) {
        if (e instanceof BcRuntime) {
          this.out += `Runtime error (func=(main), adr=${Math.max(3, this.i - start)}): ${e.message}\n`;
          this.skipLine();
        } else throw e;
      }
    }
  }
  private lineAt(): number {
    const t = this.toks[this.i]!;
    return t.t === "\n" || t.t === "<eof>" ? t.line + 1 : t.line;
  }
  private skipLine(): void {
    while (this.peek() !== "\n" && this.peek() !== "<eof>") this.i++;
  }
  private peek(): string {
    return this.toks[this.i]!.t;
  }
  private expect(t: string): void {
    if (this.peek() !== t) throw new BcSyntax(this.lineAt());
    this.i++;
  }
  private statement(): { v: Num; assign: boolean } {
    const name = this.peek();
    const op = this.toks[this.i + 1]?.t ?? "";
    if (/^[a-z]/.test(name) && /^[-+*/%^]?=$/.test(op)) {
      this.i += 2;
      const rhs = this.expr();
      const cur = this.get(name);
      const v = op === "=" ? rhs : this.binop(op[0]!, cur, rhs);
      this.set(name, v);
      return { v, assign: true };
    }
    return { v: this.expr(), assign: false };
  }
  private get(name: string): Num {
    if (name === "scale") return num(BigInt(this.scale));
    if (name === "ibase") return num(BigInt(this.ibase));
    if (name === "obase") return num(BigInt(this.obase));
    return this.vars.get(name) ?? ZERO;
  }
  private set(name: string, v: Num): void {
    const int = Number(v.n / 10n ** BigInt(v.s));
    if (name === "scale") this.scale = Math.max(0, Math.min(1000, int));
    else if (name === "ibase") this.ibase = Math.max(2, Math.min(16, int));
    else if (name === "obase") this.obase = Math.max(2, Math.min(999, int));
    else this.vars.set(name, v);
  }
  private binop(op: string, a: Num, b: Num): Num {
    if (op === "+") return add(a, b);
    if (op === "-") return add(a, b, -1n);
    if (op === "*") return mul(a, b, this.scale);
    if (op === "/") return div(a, b, this.scale);
    if (op === "%") return mod(a, b, this.scale);
    return pow(a, b, this.scale);
  }
  private expr(): Num {
    let l = this.rel();
    while (this.peek() === "&&" || this.peek() === "||") {
      const op = this.toks[this.i++]!.t;
      const r = this.rel();
      l = num(op === "&&" ? BigInt(l.n !== 0n && r.n !== 0n) : BigInt(l.n !== 0n || r.n !== 0n));
    }
    return l;
  }
  private rel(): Num {
    const l = this.sum();
    const op = this.peek();
    if (!["<", ">", "<=", ">=", "==", "!="].includes(op)) return l;
    this.i++;
    const c = cmp(l, this.sum());
    const r =
      op === "<"
        ? c < 0
        : op === ">"
          ? c > 0
          : op === "<="
            ? c <= 0
            : op === ">="
              ? c >= 0
              : op === "=="
                ? c === 0
                : c !== 0;
    return num(r ? 1n : 0n);
  }
  private sum(): Num {
    let l = this.term();
    while (this.peek() === "+" || this.peek() === "-") {
      const op = this.toks[this.i++]!.t;
      l = this.binop(op, l, this.term());
    }
    return l;
  }
  private term(): Num {
    let l = this.power();
    while (this.peek() === "*" || this.peek() === "/" || this.peek() === "%") {
      const op = this.toks[this.i++]!.t;
      l = this.binop(op, l, this.power());
    }
    return l;
  }
  private power(): Num {
    const base = this.unary();
    if (this.peek() !== "^") return base;
    this.i++;
    return pow(base, this.power(), this.scale);
  }
  private unary(): Num {
    if (this.peek() === "-") {
      this.i++;
      const v = this.unary();
      return num(-v.n, v.s);
    }
    if (this.peek() === "!") {
      this.i++;
      return num(this.unary().n === 0n ? 1n : 0n);
    }
    return this.primary();
  }
  private primary(): Num {
    const t = this.peek();
    if (/^[0-9A-F.]/.test(t) && t !== ".") {
      this.i++;
      return parseLiteral(t, this.ibase);
    }
    if (t === "(") {
      this.i++;
      const v = this.expr();
      this.expect(")");
      return v;
    }
    if (/^[a-z]/.test(t)) {
      this.i++;
      if (this.peek() === "(" && ["sqrt", "length", "scale"].includes(t)) {
        this.i++;
        const v = this.expr();
        this.expect(")");
        if (t === "sqrt") return sqrt(v, this.scale);
        if (t === "scale") return num(BigInt(v.s));
        const digits = (v.n < 0n ? -v.n : v.n).toString().length;
        return num(BigInt(v.n === 0n ? Math.max(1, v.s) : Math.max(digits, v.s)));
      }
      return this.get(t);
    }
    throw new BcSyntax(this.lineAt());
  }
}

const bc: Command = (argv, ctx): CommandResult => {
  const state = new Bc();
  if (argv.includes("-l") || argv.includes("--mathlib")) state.scale = 20;
  const files = argv.slice(1).filter((a) => !a.startsWith("-"));
  let stderr = "";
  const sources = [...(files.length > 0 ? openEach(ctx, files) : []), { name: "-", text: ctx.stdin }];
  for (const s of sources) {
    if (s.text === undefined) {
      stderr += `File ${s.name} is unavailable.\n`;
      return { world: ctx.world, stdout: state.out, stderr, exitCode: 1 };
    }
    try {
      state.run(s.text);
    } catch (e) {
      if (!(e instanceof BcSyntax)) throw e;
      return { world: ctx.world, stdout: state.out, stderr: `(standard_in) ${e.line}: syntax error\n`, exitCode: 1 };
    }
  }
  return { world: ctx.world, stdout: state.out, stderr, exitCode: 0 };
};

export const COMMAND: CommandModule = {
  spec: {
    name: "bc",
    summary: "An arbitrary precision calculator language",
    options: [flag(["-l", "--mathlib"])],
    args: [FREE],
  },
  run: bc,
};
