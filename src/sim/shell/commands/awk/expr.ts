/** awk's expressions, by precedence, as the statement parser (parse.ts) reads them. */
import type { Node } from "./ast.ts";
import type { Tok } from "./lex.ts";

export interface ExprParser {
  readonly toks: readonly Tok[];
  /** The names of the functions the program defines. */
  readonly funcs: ReadonlySet<string>;
  readonly st: { noIn: boolean; noGt: boolean };
  readonly peek: () => Tok;
  readonly next: () => Tok;
  readonly is: (v: string) => boolean;
  readonly fail: (t?: Tok) => never;
  readonly expect: (v: string) => Tok;
  readonly skipNl: () => void;
  readonly pos: () => number;
}

export function expressions(ps: ExprParser): { expr: () => Node; lvalue: (e: Node) => Node; concat: () => Node } {
  const { toks, funcs, st, peek, next, is, fail, expect, skipNl, pos } = ps;
  const lvalue = (e: Node): Node => (e.t === "var" || e.t === "idx" || e.t === "field" ? e : fail());

  const primary = (): Node => {
    const t = peek();
    if (t.k === "num") return (next(), { t: "num", v: Number(t.v) });
    if (t.k === "str") return (next(), { t: "str", v: t.v });
    if (t.k === "re") return (next(), { t: "re", v: t.v });
    if (is("$")) {
      next();
      return { t: "field", e: incdec() };
    }
    if (is("(")) {
      next();
      const save: [boolean, boolean] = [st.noIn, st.noGt];
      st.noIn = false;
      st.noGt = false;
      const first = expr();
      const list = [first];
      while (is(",")) {
        next();
        skipNl();
        list.push(expr());
      }
      [st.noIn, st.noGt] = save;
      expect(")");
      if (list.length > 1) {
        if (is("in")) {
          next();
          const a = next();
          if (a.k !== "name") fail(a);
          return { t: "in", key: list, name: a.v };
        }
        fail();
      }
      return { t: "group", e: first };
    }
    if (is("!") || is("-") || is("+")) {
      const op = next().v;
      return { t: "un", op, e: unaryOperand() };
    }
    if (is("++") || is("--")) {
      const op = next().v as "++" | "--";
      return { t: "incdec", op, pre: true, lv: lvalue(primary()) };
    }
    if (t.k === "builtin") {
      next();
      const args: Node[] = [];
      if (is("(")) {
        next();
        const save: [boolean, boolean] = [st.noIn, st.noGt];
        st.noIn = false;
        st.noGt = false;
        if (!is(")")) {
          args.push(expr());
          while (is(",")) {
            next();
            skipNl();
            args.push(expr());
          }
        }
        [st.noIn, st.noGt] = save;
        expect(")");
      } else if (t.v !== "length") fail();
      return { t: "call", name: t.v, args };
    }
    if (is("getline")) return getline();
    if (t.k === "name" && funcs.has(t.v) && toks[pos() + 1]?.k === "op" && toks[pos() + 1]!.v === "(") {
      next();
      next();
      const args: Node[] = [];
      const save: [boolean, boolean] = [st.noIn, st.noGt];
      st.noIn = false;
      st.noGt = false;
      if (!is(")")) {
        args.push(expr());
        while (is(",")) {
          next();
          skipNl();
          args.push(expr());
        }
      }
      [st.noIn, st.noGt] = save;
      expect(")");
      return { t: "ucall", name: t.v, args };
    }
    if (t.k === "name") {
      next();
      if (is("[")) {
        next();
        const key = [expr()];
        while (is(",")) {
          next();
          key.push(expr());
        }
        expect("]");
        return { t: "idx", name: t.v, key };
      }
      if (is("(") && toks[pos() - 1]!.k === "name") fail();
      return { t: "var", name: t.v };
    }
    return fail();
  };
  const unaryOperand = (): Node => power();
  /** After `getline`: an optional variable, then an optional `< file`. */
  const getline = (from?: { kind: "file" | "cmd"; e: Node }): Node => {
    expect("getline");
    let lv: Node | undefined;
    const t = peek();
    if (t.k === "name" || is("$")) lv = lvalue(incdec());
    if (!from && is("<")) {
      next();
      from = { kind: "file", e: incdec() };
    }
    return { t: "getline", ...(lv ? { lv } : {}), ...(from ? { from } : {}) };
  };
  const incdec = (): Node => {
    const e = primary();
    if ((is("++") || is("--")) && (e.t === "var" || e.t === "idx" || e.t === "field")) {
      return { t: "incdec", op: next().v as "++" | "--", pre: false, lv: e };
    }
    return e;
  };
  const power = (): Node => {
    const a = incdec();
    if (is("^")) {
      next();
      return { t: "bin", op: "^", a, b: power() };
    }
    return a;
  };
  const mul = (): Node => {
    let a = power();
    while (is("*") || is("/") || is("%")) {
      const op = next().v;
      a = { t: "bin", op, a, b: power() };
    }
    return a;
  };
  const add = (): Node => {
    let a = mul();
    while (is("+") || is("-")) {
      const op = next().v;
      a = { t: "bin", op, a, b: mul() };
    }
    return a;
  };
  const startsOperand = (): boolean => {
    const t = peek();
    if (t.k === "num" || t.k === "str" || t.k === "re" || t.k === "name" || t.k === "builtin") return true;
    return t.k === "op" && ["$", "(", "!", "-", "+", "++", "--"].includes(t.v) && !(t.v === "!" && false);
  };
  const concat = (): Node => {
    let a = add();
    while (startsOperand() && !is("in")) {
      if (is("-") || is("+") || is("!")) break;
      a = { t: "bin", op: "cat", a, b: add() };
    }
    // `"cmd" | getline [var]`
    while (is("|") && toks[pos() + 1]?.k === "kw" && toks[pos() + 1]!.v === "getline") {
      next();
      a = getline({ kind: "cmd", e: a });
    }
    return a;
  };
  const compare = (): Node => {
    const a = concat();
    const t = peek();
    if (t.k === "op" && ["<", "<=", "==", "!=", ">=", ">"].includes(t.v) && !(st.noGt && t.v === ">")) {
      next();
      return { t: "bin", op: t.v, a, b: concat() };
    }
    return a;
  };
  const match = (): Node => {
    let a = compare();
    while (is("~") || is("!~")) {
      const op = next().v;
      a = { t: "bin", op, a, b: compare() };
    }
    return a;
  };
  const inExpr = (): Node => {
    let a = match();
    while (!st.noIn && is("in")) {
      next();
      const n = next();
      if (n.k !== "name") fail(n);
      a = { t: "in", key: [a], name: n.v };
    }
    return a;
  };
  const and = (): Node => {
    let a = inExpr();
    while (is("&&")) {
      next();
      skipNl();
      a = { t: "bin", op: "&&", a, b: inExpr() };
    }
    return a;
  };
  const or = (): Node => {
    let a = and();
    while (is("||")) {
      next();
      skipNl();
      a = { t: "bin", op: "||", a, b: and() };
    }
    return a;
  };
  const ternary = (): Node => {
    const c = or();
    if (!is("?")) return c;
    next();
    skipNl();
    const a = ternary();
    skipNl();
    expect(":");
    skipNl();
    return { t: "cond", c, a, b: ternary() };
  };
  const expr = (): Node => {
    const e = ternary();
    const t = peek();
    if (
      t.k === "op" &&
      ["=", "+=", "-=", "*=", "/=", "%=", "^="].includes(t.v) &&
      (e.t === "var" || e.t === "idx" || e.t === "field")
    ) {
      next();
      skipNl();
      return { t: "assign", op: t.v, lv: e, e: expr() };
    }
    return e;
  };

  return { expr, lvalue, concat };
}
