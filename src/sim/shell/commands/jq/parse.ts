/**
 * jq 1.6's grammar (parser.y) by precedence climbing: `|` loosest (right), `,`, `//`
 * (right), the assignments, `or`, `and`, comparisons, `+ -`, `* / %`, then postfix
 * terms. Errors keep bison's words and point where jq points (the token it stopped at).
 */
import type { J } from "./json.ts";
import { lex, LexError, type Tok } from "./lex.ts";

export type Node =
  | { k: "id" }
  | { k: "recurse" }
  | { k: "lit"; v: J }
  | { k: "str"; parts: (string | Node)[]; fmt?: string }
  | { k: "format"; name: string }
  | { k: "field"; target: Node; name: Node }
  | { k: "index"; target: Node; index: Node }
  | { k: "slice"; target: Node; from: Node | null; to: Node | null }
  | { k: "iter"; target: Node }
  | { k: "opt"; body: Node }
  | { k: "pipe"; l: Node; r: Node }
  | { k: "comma"; l: Node; r: Node }
  | { k: "neg"; body: Node }
  | { k: "bin"; op: string; l: Node; r: Node }
  | { k: "and" | "or" | "alt"; l: Node; r: Node }
  | { k: "assign"; op: string; l: Node; r: Node }
  | { k: "array"; body: Node | null }
  | { k: "object"; entries: { key: Node; value: Node }[] }
  | { k: "var"; name: string; at?: number }
  | { k: "as"; src: Node; pat: Pattern; body: Node }
  | { k: "reduce"; src: Node; pat: Pattern; init: Node; update: Node }
  | { k: "foreach"; src: Node; pat: Pattern; init: Node; update: Node; extract: Node | null }
  | { k: "if"; cond: Node; then: Node; else: Node | null }
  | { k: "try"; body: Node; catch: Node | null }
  | { k: "call"; name: string; args: Node[]; at: number }
  | { k: "def"; defs: FuncDef[]; body: Node }
  | { k: "loc" };

export type Pattern =
  | { k: "var"; name: string }
  | { k: "arr"; items: Pattern[] }
  | { k: "obj"; items: { key: Node; pat: Pattern | null; name?: string }[] };

export interface FuncDef {
  readonly name: string;
  readonly params: readonly string[];
  readonly body: Node;
}

export class JqSyntaxError extends Error {
  constructor(
    readonly msg: string,
    readonly at: number,
    /** Not bison's: jq's constant folding (`1/0`), without the shell-quoting hint. */
    readonly folded = false,
  ) {
    super(msg);
  }
}

const ID: Node = { k: "id" };

class Parser {
  private i = 0;
  constructor(
    private toks: Tok[],
    private readonly end: number,
  ) {}

  private peek(): Tok {
    return this.toks[this.i] ?? { t: "end", at: this.end };
  }
  private isOp(v: string): boolean {
    const t = this.peek();
    return (t.t === "op" || t.t === "kw") && t.v === v;
  }
  private fail(extra = ""): never {
    const t = this.peek();
    if (t.t === "end") {
      const last = this.toks[this.toks.length - 1];
      throw new JqSyntaxError(`syntax error, unexpected $end${extra}`, last ? last.at : 0);
    }
    const name =
      t.t === "op"
        ? `'${t.v}'`
        : t.t === "kw"
          ? t.v
          : t.t === "ident"
            ? "IDENT"
            : t.t === "num"
              ? "LITERAL"
              : t.t === "field"
                ? "FIELD"
                : t.t === "var"
                  ? "'$'"
                  : t.t === "str"
                    ? "QQSTRING_START"
                    : "FORMAT";
    throw new JqSyntaxError(`syntax error, unexpected ${name}${extra}`, t.at);
  }
  private expect(v: string): void {
    if (!this.isOp(v)) this.fail();
    this.i++;
  }

  program(): Node {
    const n = this.pipe();
    if (this.peek().t !== "end") this.fail();
    return n;
  }

  pipe(): Node {
    if (this.isOp("def")) {
      const defs: FuncDef[] = [];
      while (this.isOp("def")) defs.push(this.funcDef());
      return { k: "def", defs, body: this.pipe() };
    }
    const l = this.comma();
    if (this.isOp("|")) {
      this.i++;
      return { k: "pipe", l, r: this.pipe() };
    }
    return l;
  }

  private funcDef(): FuncDef {
    this.i++;
    const t = this.peek();
    if (t.t !== "ident" && t.t !== "kw") this.fail();
    this.i++;
    const params: string[] = [];
    if (this.isOp("(")) {
      this.i++;
      for (;;) {
        const p = this.peek();
        if (p.t === "var") params.push(`$${p.v}`);
        else if (p.t === "ident") params.push(p.v);
        else this.fail();
        this.i++;
        if (this.isOp(";")) this.i++;
        else break;
      }
      this.expect(")");
    }
    this.expect(":");
    const body = this.pipe();
    this.expect(";");
    return { name: (t as { v: string }).v, params, body };
  }

  private comma(): Node {
    let l = this.alt();
    while (this.isOp(",")) {
      this.i++;
      l = { k: "comma", l, r: this.alt() };
    }
    return l;
  }
  private alt(): Node {
    const l = this.assign();
    if (this.isOp("//")) {
      this.i++;
      return { k: "alt", l, r: this.alt() };
    }
    return l;
  }
  private assign(): Node {
    const l = this.or();
    const t = this.peek();
    if (t.t === "op" && ["=", "|=", "+=", "-=", "*=", "/=", "%=", "//="].includes(t.v)) {
      this.i++;
      return { k: "assign", op: t.v, l, r: this.alt() };
    }
    return l;
  }
  private or(): Node {
    let l = this.and();
    while (this.isOp("or")) {
      this.i++;
      l = { k: "or", l, r: this.and() };
    }
    return l;
  }
  private and(): Node {
    let l = this.cmp();
    while (this.isOp("and")) {
      this.i++;
      l = { k: "and", l, r: this.cmp() };
    }
    return l;
  }
  private cmp(): Node {
    const l = this.add();
    const t = this.peek();
    if (t.t === "op" && ["==", "!=", "<", ">", "<=", ">="].includes(t.v)) {
      this.i++;
      return { k: "bin", op: t.v, l, r: this.add() };
    }
    return l;
  }
  private add(): Node {
    let l = this.mul();
    for (;;) {
      const t = this.peek();
      if (t.t !== "op" || (t.v !== "+" && t.v !== "-")) return l;
      this.i++;
      l = { k: "bin", op: t.v, l, r: this.mul() };
    }
  }
  private mul(): Node {
    const at = this.peek().at;
    let l = this.unary();
    for (;;) {
      const t = this.peek();
      if (t.t !== "op" || (t.v !== "*" && t.v !== "/" && t.v !== "%")) return l;
      this.i++;
      const r = this.unary();
      // jq folds constant arithmetic when it compiles, and refuses a constant zero divisor.
      if (t.v !== "*" && l.k === "lit" && typeof l.v === "number" && r.k === "lit" && r.v === 0)
        throw new JqSyntaxError(t.v === "/" ? "Division by zero?" : "Remainder by zero?", at, true);
      l = { k: "bin", op: t.v, l, r };
    }
  }
  private unary(): Node {
    if (this.isOp("-")) {
      this.i++;
      return { k: "neg", body: this.unary() };
    }
    return this.postfix();
  }

  private postfix(): Node {
    let n = this.primary();
    for (;;) {
      const t = this.peek();
      if (t.t === "field") {
        this.i++;
        n = { k: "field", target: n, name: { k: "lit", v: t.v } };
      } else if (t.t === "op" && t.v === "." && this.toks[this.i + 1]?.t === "str") {
        this.i++;
        n = { k: "field", target: n, name: this.string(this.peek() as Tok & { t: "str" }) };
        this.i++;
      } else if (
        t.t === "op" &&
        t.v === "." &&
        this.toks[this.i + 1]?.t === "op" &&
        (this.toks[this.i + 1] as { v: string }).v === "["
      ) {
        this.i++;
      } else if (t.t === "op" && t.v === ".") {
        this.i++;
        this.fail(", expecting FORMAT or QQSTRING_START");
      } else if (t.t === "op" && t.v === "[") n = this.bracket(n);
      else if (t.t === "op" && t.v === "?") {
        this.i++;
        n = { k: "opt", body: n };
      } else if (t.t === "kw" && t.v === "as") {
        this.i++;
        const pat = this.pattern();
        this.expect("|");
        return { k: "as", src: n, pat, body: this.pipe() };
      } else return n;
    }
  }

  private bracket(target: Node): Node {
    this.i++;
    if (this.isOp("]")) {
      this.i++;
      return { k: "iter", target };
    }
    if (this.isOp(":")) {
      this.i++;
      const to = this.pipe();
      this.expect("]");
      return { k: "slice", target, from: null, to };
    }
    const e = this.pipe();
    if (this.isOp(":")) {
      this.i++;
      const to = this.isOp("]") ? null : this.pipe();
      this.expect("]");
      return { k: "slice", target, from: e, to };
    }
    this.expect("]");
    return { k: "index", target, index: e };
  }

  private pattern(): Pattern {
    const t = this.peek();
    if (t.t === "var") {
      this.i++;
      return { k: "var", name: t.v };
    }
    if (this.isOp("[")) {
      this.i++;
      const items: Pattern[] = [this.pattern()];
      while (this.isOp(",")) {
        this.i++;
        items.push(this.pattern());
      }
      this.expect("]");
      return { k: "arr", items };
    }
    if (this.isOp("{")) {
      this.i++;
      const items: { key: Node; pat: Pattern | null; name?: string }[] = [];
      for (;;) {
        const k = this.peek();
        if (k.t === "var") {
          this.i++;
          items.push({ key: { k: "lit", v: k.v }, pat: null, name: k.v });
        } else {
          let key: Node;
          if (k.t === "ident" || k.t === "kw") key = { k: "lit", v: k.v };
          else if (k.t === "str") key = this.string(k);
          else if (this.isOp("(")) {
            this.i++;
            key = this.pipe();
            if (!this.isOp(")")) this.fail();
          } else this.fail();
          this.i++;
          this.expect(":");
          items.push({ key, pat: this.pattern() });
        }
        if (!this.isOp(",")) break;
        this.i++;
      }
      this.expect("}");
      return { k: "obj", items };
    }
    this.fail();
  }

  private string(t: Tok & { t: "str" }, fmt?: string): Node {
    const parts = t.parts.map((p) => (typeof p === "string" ? p : new Parser(p, t.end).program()));
    return { k: "str", parts, ...(fmt ? { fmt } : {}) };
  }

  private primary(): Node {
    const t = this.peek();
    this.i++;
    switch (t.t) {
      case "num":
        return { k: "lit", v: t.v };
      case "str":
        return this.string(t);
      case "field":
        return { k: "field", target: ID, name: { k: "lit", v: t.v } };
      case "var":
        return t.v === "__loc__" ? { k: "loc" } : { k: "var", name: t.v, at: t.at };
      case "format": {
        const s = this.peek();
        if (s.t === "str") {
          this.i++;
          return this.string(s, t.v);
        }
        return { k: "format", name: t.v };
      }
      case "ident":
        if (t.v === "true" || t.v === "false") return { k: "lit", v: t.v === "true" };
        if (t.v === "null") return { k: "lit", v: null };
        return this.call(t.v, t.at);
      case "kw":
        return this.keyword(t.v);
      case "op":
        return this.opPrimary(t.v);
      case "end":
        this.i--;
        this.fail();
    }
  }

  private call(name: string, at: number): Node {
    const args: Node[] = [];
    if (this.isOp("(")) {
      this.i++;
      args.push(this.pipe());
      while (this.isOp(";")) {
        this.i++;
        args.push(this.pipe());
      }
      this.expect(")");
    }
    return { k: "call", name, args, at };
  }

  private keyword(v: string): Node {
    if (v === "if") {
      const cond = this.pipe();
      this.expect("then");
      const then = this.pipe();
      return { k: "if", cond, then, else: this.ifRest() };
    }
    if (v === "try") {
      const body = this.postfixNoAs();
      if (this.isOp("catch")) {
        this.i++;
        return { k: "try", body, catch: this.postfixNoAs() };
      }
      return { k: "try", body, catch: null };
    }
    if (v === "reduce" || v === "foreach") {
      const src = this.postfixNoAs();
      this.expect("as");
      const pat = this.pattern();
      this.expect("(");
      const init = this.pipe();
      this.expect(";");
      const update = this.pipe();
      let extract: Node | null = null;
      if (v === "foreach" && this.isOp(";")) {
        this.i++;
        extract = this.pipe();
      }
      this.expect(")");
      return v === "reduce"
        ? { k: "reduce", src, pat, init, update }
        : { k: "foreach", src, pat, init, update, extract };
    }
    if (v === "def") {
      this.i--;
      const defs: FuncDef[] = [];
      while (this.isOp("def")) defs.push(this.funcDef());
      return { k: "def", defs, body: this.pipe() };
    }
    this.i--;
    this.fail();
  }

  private ifRest(): Node | null {
    if (this.isOp("elif")) {
      this.i++;
      const cond = this.pipe();
      this.expect("then");
      const then = this.pipe();
      return { k: "if", cond, then, else: this.ifRest() };
    }
    if (this.isOp("else")) {
      this.i++;
      const e = this.pipe();
      this.expect("end");
      return e;
    }
    this.expect("end");
    return null;
  }

  /** A term with its postfixes but without `as` (the body of try, reduce, foreach). */
  private postfixNoAs(): Node {
    const save = this.toks;
    const asAt = this.toks.findIndex((x, j) => j >= this.i && x.t === "kw" && x.v === "as");
    if (asAt < 0) return this.postfix();
    this.toks = save.slice(0, asAt);
    try {
      return this.postfix();
    } finally {
      this.toks = save;
    }
  }

  private opPrimary(v: string): Node {
    if (v === ".") {
      const n = this.peek();
      if (n.t === "str") {
        this.i++;
        return { k: "field", target: ID, name: this.string(n) };
      }
      return ID;
    }
    if (v === "..") return { k: "recurse" };
    if (v === "(") {
      const e = this.pipe();
      this.expect(")");
      return e;
    }
    if (v === "[") {
      if (this.isOp("]")) {
        this.i++;
        return { k: "array", body: null };
      }
      const e = this.pipe();
      this.expect("]");
      return { k: "array", body: e };
    }
    if (v === "{") return this.object();
    if (v === "-") return { k: "neg", body: this.postfix() };
    this.i--;
    this.fail();
  }

  private object(): Node {
    const entries: { key: Node; value: Node }[] = [];
    if (this.isOp("}")) {
      this.i++;
      return { k: "object", entries };
    }
    for (;;) {
      const t = this.peek();
      let key: Node;
      let value: Node | null = null;
      if (t.t === "var") {
        this.i++;
        key = { k: "lit", v: t.v };
        value = { k: "var", name: t.v };
      } else if (t.t === "ident" || t.t === "kw") {
        this.i++;
        key = { k: "lit", v: t.v };
        value = { k: "field", target: ID, name: key };
      } else if (t.t === "str") {
        this.i++;
        key = this.string(t);
        value = { k: "field", target: ID, name: key };
      } else if (t.t === "num") {
        this.i++;
        key = { k: "lit", v: t.v };
      } else if (this.isOp("(")) {
        this.i++;
        key = this.pipe();
        this.expect(")");
      } else this.fail();
      if (this.isOp(":")) {
        this.i++;
        value = this.objVal();
      } else if (value === null) this.fail();
      entries.push({ key, value });
      if (this.isOp(",")) {
        this.i++;
        continue;
      }
      this.expect("}");
      return { k: "object", entries };
    }
  }

  /** ExpD: a term, `-` one, or terms piped (`{a: .b | length}`). */
  private objVal(): Node {
    let n: Node = this.isOp("-") ? (this.i++, { k: "neg", body: this.postfix() }) : this.postfix();
    while (this.isOp("|")) {
      this.i++;
      n = { k: "pipe", l: n, r: this.postfix() };
    }
    return n;
  }
}

/** The program's tree, or bison's message and where it points. */
export function parseProgram(src: string): Node {
  let toks: Tok[];
  try {
    toks = lex(src).toks;
  } catch (e) {
    if (e instanceof LexError) throw new JqSyntaxError(e.msg, e.at);
    throw e;
  }
  return new Parser(toks, src.length).program();
}
