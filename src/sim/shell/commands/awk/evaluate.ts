/**
 * awk's expressions evaluated: values, operators, assignments, comparisons (numbers when
 * both sides look like numbers, strings otherwise), and the calls and `getline` that the
 * running program (awk.ts) answers through its runtime.
 */
import type { Node } from "./ast.ts";
import { isNumeric, num, RunError, str, StrNum, truthy, type Val } from "./values.ts";

/** What an expression reaches of the running program. */
export interface EvalRuntime {
  readonly bb: boolean;
  readonly tick: () => void;
  readonly get: (lv: Node) => Val;
  readonly set: (lv: Node, v: Val) => Val;
  readonly has: (name: string, key: Node[]) => boolean;
  readonly regex: (src: string) => RegExp;
  readonly record: () => string;
  readonly call: (name: string, args: Node[]) => Val;
  readonly callUser: (name: string, args: Node[]) => Val;
  readonly getline: (n: Extract<Node, { t: "getline" }>) => Val;
}

function compare(a: Val, b: Val): number {
  if (isNumeric(a) && isNumeric(b)) return num(a) - num(b);
  const x = str(a);
  const y = str(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function evaluator(rt: EvalRuntime): (n: Node) => Val {
  const { bb, tick, get, set, regex, call, callUser } = rt;
  const div = (a: number, b: number) => {
    if (b === 0) {
      if (bb) throw new RunError("awk: cmd. line:1: Division by zero");
      return a === 0 ? NaN : a > 0 ? Infinity : -Infinity;
    }
    return a / b;
  };
  const match = (v: Val, re: Node): boolean => {
    const src = re.t === "re" ? re.v : str(ev(re));
    return regex(src).test(str(v));
  };
  const ev = (n: Node): Val => {
    tick();
    switch (n.t) {
      case "num":
        return n.v;
      case "str":
        return n.v;
      case "re":
        return regex(n.v).test(rt.record()) ? 1 : 0;
      case "group":
        return ev(n.e);
      case "var":
      case "idx":
      case "field":
        return get(n);
      case "assign": {
        if (n.op === "=") return set(n.lv, ((v) => (v instanceof StrNum || typeof v === "number" ? v : v))(ev(n.e)));
        const b = num(ev(n.e));
        const a = num(get(n.lv));
        const op = n.op[0];
        const r =
          op === "+"
            ? a + b
            : op === "-"
              ? a - b
              : op === "*"
                ? a * b
                : op === "/"
                  ? div(a, b)
                  : op === "%"
                    ? a % b
                    : a ** b;
        return set(n.lv, r);
      }
      case "incdec": {
        const old = num(get(n.lv));
        const v = n.op === "++" ? old + 1 : old - 1;
        set(n.lv, v);
        return n.pre ? v : old;
      }
      case "cond":
        return truthy(ev(n.c)) ? ev(n.a) : ev(n.b);
      case "in":
        return rt.has(n.name, n.key) ? 1 : 0;
      case "call":
        return call(n.name, n.args);
      case "ucall":
        return callUser(n.name, n.args);
      case "getline":
        return rt.getline(n);
      case "un": {
        if (n.op === "!") return truthy(ev(n.e)) ? 0 : 1;
        const v = num(ev(n.e));
        return n.op === "-" ? -v : v;
      }
      case "bin": {
        switch (n.op) {
          case "&&":
            return truthy(ev(n.a)) && truthy(ev(n.b)) ? 1 : 0;
          case "||":
            return truthy(ev(n.a)) || truthy(ev(n.b)) ? 1 : 0;
          case "cat":
            return str(ev(n.a)) + str(ev(n.b));
          case "~":
            return match(ev(n.a), n.b) ? 1 : 0;
          case "!~":
            return match(ev(n.a), n.b) ? 0 : 1;
          case "<":
            return compare(ev(n.a), ev(n.b)) < 0 ? 1 : 0;
          case "<=":
            return compare(ev(n.a), ev(n.b)) <= 0 ? 1 : 0;
          case ">":
            return compare(ev(n.a), ev(n.b)) > 0 ? 1 : 0;
          case ">=":
            return compare(ev(n.a), ev(n.b)) >= 0 ? 1 : 0;
          case "==":
            return compare(ev(n.a), ev(n.b)) === 0 ? 1 : 0;
          case "!=":
            return compare(ev(n.a), ev(n.b)) !== 0 ? 1 : 0;
        }
        const a = num(ev(n.a));
        const b = num(ev(n.b));
        switch (n.op) {
          case "+":
            return a + b;
          case "-":
            return a - b;
          case "*":
            return a * b;
          case "/":
            return div(a, b);
          case "%":
            if (b === 0 && bb) throw new RunError("awk: cmd. line:1: Division by zero");
            return a % b;
          default:
            return a ** b;
        }
      }
    }
  };
  return ev;
}
