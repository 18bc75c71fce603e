/**
 * jq 1.6's grammar (parser.y) by precedence climbing: `|` loosest (right), `,`, `//`
 * (right), the assignments, `or`, `and`, comparisons, `+ -`, `* / %`, then postfix
 * terms. Errors keep bison's words and point where jq points (the token it stopped at).
 */
import { lex, LexError, type Tok } from "./lex.ts";

import { JqSyntaxError, type FuncDef, type Node } from "./ast.ts";
import { TermParser } from "./terms.ts";

export { JqSyntaxError, type FuncDef, type Node, type Pattern } from "./ast.ts";

class Parser extends TermParser {
  protected sub(toks: Tok[], end: number): Node {
    return new Parser(toks, end).program();
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

  protected funcDef(): FuncDef {
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
  protected unary(): Node {
    if (this.isOp("-")) {
      this.i++;
      return { k: "neg", body: this.unary() };
    }
    return this.postfix();
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
