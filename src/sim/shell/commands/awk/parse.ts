/**
 * A bounded awk: the language a learner's one-liners use (patterns, BEGIN/END, fields,
 * `print`/`printf`, variables, arrays, `if`/`while`/`for`/`for (k in a)`, `next`,
 * `exit`, the string builtins), parsed into a tree the interpreter (awk.ts) walks.
 */

import type { Func, Item, Node, Stmt } from "./ast.ts";
import { AwkSyntax, lex, type Tok } from "./lex.ts";
import { expressions } from "./expr.ts";

export { AwkSyntax };
export type { Func, Item, Node, Stmt };

export function parseAwk(src: string): Item[] {
  const toks = lex(src);
  /** The functions the program defines: `name(` calls one of them. */
  const funcs = new Set<string>();
  toks.forEach((t, k) => {
    const n = toks[k + 1];
    if (t.k === "kw" && t.v === "function" && n?.k === "name") funcs.add(n.v);
  });
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
  /** `noIn`: inside `for (...;` where `in` is not an operator; `noGt`: in `print` where `>` redirects. */
  const st = { noIn: false, noGt: false };
  const { expr, concat } = expressions({ toks, funcs, st, peek, next, is, fail, expect, skipNl, pos: () => p });

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
    if (t.k === "kw" && t.v === "getline") {
      const e = expr();
      simpleEnd();
      return { t: "expr", e };
    }
    if (t.k === "kw") {
      if (t.v === "print" || t.v === "printf") {
        next();
        const args: Node[] = [];
        st.noGt = true;
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
        st.noGt = false;
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
      if (t.v === "return") {
        next();
        const e = is(";") || is("}") || peek().k === "nl" || peek().k === "eof" ? undefined : expr();
        simpleEnd();
        return e ? { t: "return", e } : { t: "return" };
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
    else if (is("function")) {
      next();
      const name = next();
      if (name.k !== "name") fail(name);
      expect("(");
      const params: string[] = [];
      while (!is(")")) {
        const v = next();
        if (v.k !== "name") fail(v);
        params.push(v.v);
        if (is(",")) {
          next();
          skipNl();
        } else if (!is(")")) fail();
      }
      next();
      skipNl();
      items.push({ kind: "func", func: { name: name.v, params, body: action() } });
    } else {
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
