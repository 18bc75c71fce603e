/**
 * A bounded awk: the language a learner's one-liners use (patterns, BEGIN/END, fields,
 * `print`/`printf`, variables, arrays, `if`/`while`/`for`/`for (k in a)`, `next`,
 * `exit`, the string builtins), parsed into a tree the interpreter (awk.ts) walks.
 */

import type { Item, Node, Stmt } from "./ast.ts";
import { AwkSyntax, lex, type Tok } from "./lex.ts";

export { AwkSyntax };
export type { Item, Node, Stmt };

export function parseAwk(src: string): Item[] {
  const toks = lex(src);
  let p = 0;
  const peek = () => toks[p]!;
  const next = () => toks[p++]!;
  const is = (v: string) => {
    const t = toks[p]!;
    return (t.k === "op" || t.k === "kw") && t.v === v;
  };
  const fail = (t: Tok = peek()): never => {
    if (t.k === "eof" && braces > 0) throw new AwkSyntax("end of file", t.line + 1, true);
    throw new AwkSyntax(t.k === "nl" ? "end of line" : t.k === "str" ? `"${t.v}"` : t.v, t.line);
  };
  const expect = (v: string) => (is(v) ? next() : fail());
  const skipNl = () => {
    while (peek().k === "nl") p++;
  };
  const skipTerms = () => {
    while (peek().k === "nl" || is(";")) p++;
  };
  let braces = 0;
  let noIn = false;
  let noGt = false;

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
      const save: [boolean, boolean] = [noIn, noGt];
      noIn = false;
      noGt = false;
      const first = expr();
      const list = [first];
      while (is(",")) {
        next();
        skipNl();
        list.push(expr());
      }
      [noIn, noGt] = save;
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
        const save: [boolean, boolean] = [noIn, noGt];
        noIn = false;
        noGt = false;
        if (!is(")")) {
          args.push(expr());
          while (is(",")) {
            next();
            skipNl();
            args.push(expr());
          }
        }
        [noIn, noGt] = save;
        expect(")");
      } else if (t.v !== "length") fail();
      return { t: "call", name: t.v, args };
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
      if (is("(") && toks[p - 1]!.k === "name") fail();
      return { t: "var", name: t.v };
    }
    return fail();
  };
  const unaryOperand = (): Node => power();
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
    return a;
  };
  const compare = (): Node => {
    const a = concat();
    const t = peek();
    if (t.k === "op" && ["<", "<=", "==", "!=", ">=", ">"].includes(t.v) && !(noGt && t.v === ">")) {
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
    while (!noIn && is("in")) {
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

  const simpleEnd = () => {
    if (is(";") || peek().k === "nl") return void next();
    if (is("}") || peek().k === "eof") return;
    fail();
  };
  const stmt = (): Stmt => {
    skipNl();
    const t = peek();
    if (is("{")) {
      next();
      braces++;
      const body = stmts();
      expect("}");
      braces--;
      return { t: "block", body };
    }
    if (t.k === "kw") {
      if (t.v === "print" || t.v === "printf") {
        next();
        const args: Node[] = [];
        noGt = true;
        if (is("(")) {
          // `print (a, b)` or `print (a) b`
          const save = p;
          next();
          const list = [expr()];
          while (is(",")) {
            next();
            skipNl();
            list.push(expr());
          }
          if (
            is(")") &&
            (toks[p + 1]!.k === "nl" || ["}", ";", ">", ">>", "|"].includes(toks[p + 1]!.v) || toks[p + 1]!.k === "eof")
          ) {
            next();
            args.push(...list);
          } else {
            p = save;
            args.push(expr());
            while (is(",")) {
              next();
              skipNl();
              args.push(expr());
            }
          }
        } else if (!(is(";") || is("}") || peek().k === "nl" || peek().k === "eof" || is(">") || is(">>") || is("|"))) {
          args.push(expr());
          while (is(",")) {
            next();
            skipNl();
            args.push(expr());
          }
        }
        noGt = false;
        let to: { op: string; e: Node } | undefined;
        if (is(">") || is(">>") || is("|")) {
          const op = next().v;
          to = { op, e: concat() };
        }
        if (t.v === "printf" && args.length === 0) fail();
        simpleEnd();
        return { t: t.v, args, ...(to ? { to } : {}) };
      }
      if (t.v === "if") {
        next();
        expect("(");
        const c = expr();
        expect(")");
        const a = stmt();
        const save = p;
        skipTerms();
        if (is("else")) {
          next();
          return { t: "if", c, a, b: stmt() };
        }
        p = save;
        return { t: "if", c, a };
      }
      if (t.v === "while") {
        next();
        expect("(");
        const c = expr();
        expect(")");
        if (is(";")) return (next(), { t: "while", c, body: { t: "block", body: [] } });
        return { t: "while", c, body: stmt() };
      }
      if (t.v === "do") {
        next();
        const body = stmt();
        skipTerms();
        if (!is("while")) fail();
        next();
        expect("(");
        const c = expr();
        expect(")");
        simpleEnd();
        return { t: "do", c, body };
      }
      if (t.v === "for") {
        next();
        expect("(");
        const a = peek();
        if (a.k === "name" && toks[p + 1]!.v === "in" && toks[p + 2]!.k === "name" && toks[p + 3]!.v === ")") {
          p += 4;
          return { t: "forin", k: a.v, a: toks[p - 2]!.v, body: stmt() };
        }
        const init = is(";") ? undefined : expr();
        expect(";");
        skipNl();
        const c = is(";") ? undefined : expr();
        expect(";");
        skipNl();
        const step = is(")") ? undefined : expr();
        expect(")");
        if (is(";"))
          return (
            next(),
            {
              t: "for",
              ...(init ? { init } : {}),
              ...(c ? { c } : {}),
              ...(step ? { step } : {}),
              body: { t: "block", body: [] },
            }
          );
        return { t: "for", ...(init ? { init } : {}), ...(c ? { c } : {}), ...(step ? { step } : {}), body: stmt() };
      }
      if (t.v === "next" || t.v === "break" || t.v === "continue") {
        next();
        simpleEnd();
        return { t: t.v };
      }
      if (t.v === "exit") {
        next();
        const e = is(";") || is("}") || peek().k === "nl" || peek().k === "eof" ? undefined : expr();
        simpleEnd();
        return e ? { t: "exit", e } : { t: "exit" };
      }
      if (t.v === "delete") {
        next();
        const n = next();
        if (n.k !== "name") fail(n);
        let key: Node[] | undefined;
        if (is("[")) {
          next();
          key = [expr()];
          while (is(",")) {
            next();
            key.push(expr());
          }
          expect("]");
        }
        simpleEnd();
        return key ? { t: "delete", name: n.v, key } : { t: "delete", name: n.v };
      }
      fail();
    }
    if (is(";")) return (next(), { t: "block", body: [] });
    const e = expr();
    simpleEnd();
    return { t: "expr", e };
  };
  const stmts = (): Stmt[] => {
    const out: Stmt[] = [];
    skipTerms();
    while (!is("}") && peek().k !== "eof") {
      out.push(stmt());
      skipTerms();
    }
    return out;
  };
  const action = (): Stmt[] => {
    expect("{");
    braces++;
    const body = stmts();
    if (peek().k === "eof") fail();
    expect("}");
    braces--;
    return body;
  };

  const items: Item[] = [];
  skipTerms();
  while (peek().k !== "eof") {
    if (is("BEGIN") || is("END")) {
      const kind = next().v === "BEGIN" ? "begin" : "end";
      skipNl();
      items.push({ kind, action: action() });
    } else if (is("{")) items.push({ kind: "main", action: action() });
    else if (is("function")) fail();
    else {
      const pattern = expr();
      let range: Node | undefined;
      if (is(",")) {
        next();
        skipNl();
        range = expr();
      }
      const item: Item = { kind: "main", pattern, ...(range ? { range } : {}) };
      if (is("{")) item.action = action();
      items.push(item);
    }
    if (is("}")) throw new AwkSyntax("extra }", peek().line, false);
    skipTerms();
  }
  return items;
}
