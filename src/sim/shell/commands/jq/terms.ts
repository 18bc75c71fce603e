/** jq's terms (parser.y's Term, PostTerm, ObjVal and patterns): the tightest-binding half of the parser; parse.ts adds the operators. */
import { JqSyntaxError, ID, type FuncDef, type Node, type Pattern } from "./ast.ts";
import type { Tok } from "./lex.ts";

export abstract class TermParser {
  protected i = 0;
  constructor(
    protected toks: Tok[],
    protected readonly end: number,
  ) {}

  protected peek(): Tok {
    return this.toks[this.i] ?? { t: "end", at: this.end };
  }
  protected isOp(v: string): boolean {
    const t = this.peek();
    return (t.t === "op" || t.t === "kw") && t.v === v;
  }
  protected fail(extra = ""): never {
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
  protected expect(v: string): void {
    if (!this.isOp(v)) this.fail();
    this.i++;
  }

  /** A whole pipeline (the operators' parser). */
  abstract pipe(): Node;
  protected abstract funcDef(): FuncDef;
  /** A program's tree from these tokens (a string interpolation's). */
  protected abstract sub(toks: Tok[], end: number): Node;

  protected postfix(): Node {
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

  protected bracket(target: Node): Node {
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

  protected pattern(): Pattern {
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

  protected string(t: Tok & { t: "str" }, fmt?: string): Node {
    const parts = t.parts.map((p) => (typeof p === "string" ? p : this.sub(p, t.end)));
    return { k: "str", parts, ...(fmt ? { fmt } : {}) };
  }

  protected primary(): Node {
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

  protected call(name: string, at: number): Node {
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

  protected keyword(v: string): Node {
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

  protected ifRest(): Node | null {
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
  protected postfixNoAs(): Node {
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

  protected opPrimary(v: string): Node {
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

  protected object(): Node {
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
  protected objVal(): Node {
    let n: Node = this.isOp("-") ? (this.i++, { k: "neg", body: this.postfix() }) : this.postfix();
    while (this.isOp("|")) {
      this.i++;
      n = { k: "pipe", l: n, r: this.postfix() };
    }
    return n;
  }
}
