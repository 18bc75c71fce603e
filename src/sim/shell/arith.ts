/**
 * bash's arithmetic (`$(( ))`, `(( ))`, `for (( ))`, `[[ -eq ]]` operands): 64-bit
 * integers, C's operators and precedence with `**`, assignments (`=`, `+=`, `++`, ...),
 * `?:` and `,`; names read as numbers (a name holding an expression is evaluated in turn).
 * Errors are bash's words: `1/0: division by 0 (error token is "0")`.
 */

export interface ArithEnv {
  lookup(name: string): string | undefined;
  assign: (name: string, value: string) => void;
}

export type ArithResult = { readonly value: bigint } | { readonly error: string };

interface Tok {
  readonly t: string;
  readonly at: number;
}

const TOKEN =
  /\s*(0[xX][0-9A-Fa-f]+|\d+#[0-9A-Za-z@_]+|\d+|[A-Za-z_][A-Za-z0-9_]*|\*\*=|<<=|>>=|\+\+|--|\*\*|<<|>>|<=|>=|==|!=|&&|\|\||[-+*/%&^|]=|[-+*/%<>=!~&^|?:,()])/y;

class Fail extends Error {
  constructor(
    readonly why: string,
    readonly at: number,
  ) {
    super(why);
  }
}

const ASSIGN_OPS = new Set(["=", "+=", "-=", "*=", "/=", "%=", "<<=", ">>=", "&=", "^=", "|="]);
const BINARY: readonly (readonly string[])[] = [
  ["||"],
  ["&&"],
  ["|"],
  ["^"],
  ["&"],
  ["==", "!="],
  ["<", ">", "<=", ">="],
  ["<<", ">>"],
  ["+", "-"],
  ["*", "/", "%"],
];

const wrap = (v: bigint): bigint => BigInt.asIntN(64, v);

function number(tok: string, at: number): bigint {
  if (/^0[xX]/.test(tok)) return wrap(BigInt(tok));
  const based = /^(\d+)#(.+)$/.exec(tok);
  if (based) {
    const base = Number(based[1]);
    if (base < 2 || base > 64) throw new Fail("invalid arithmetic base", at);
    let v = 0n;
    for (const c of based[2]!) {
      const d = /\d/.test(c)
        ? Number(c)
        : /[a-z]/.test(c)
          ? c.charCodeAt(0) - 87
          : /[A-Z]/.test(c)
            ? c.charCodeAt(0) - (base <= 36 ? 55 : 29)
            : c === "@"
              ? 62
              : 63;
      if (d >= base) throw new Fail("value too great for base", at);
      v = wrap(v * BigInt(base) + BigInt(d));
    }
    return v;
  }
  if (tok.length > 1 && tok.startsWith("0")) {
    if (/[89]/.test(tok)) throw new Fail("value too great for base", at);
    return wrap(BigInt("0o" + tok.slice(1)));
  }
  return wrap(BigInt(tok));
}

/** Evaluates `src`; `depth` bounds names that hold expressions naming each other. */
export function evalArith(src: string, env: ArithEnv, depth = 0): ArithResult {
  const toks: Tok[] = [];
  TOKEN.lastIndex = 0;
  let pos = 0;
  for (;;) {
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(src);
    if (!m) break;
    toks.push({ t: m[1]!, at: m.index + m[0].length - m[1]!.length });
    pos = TOKEN.lastIndex;
  }
  const text = src.trimStart();
  const shift = src.length - text.length;
  const errorAt = (why: string, at: number) => ({
    error: `${text}: ${why} (error token is "${src.slice(Math.max(at, shift))}")`,
  });
  if (src.slice(pos).trim() !== "") {
    const at = pos + (src.slice(pos).length - src.slice(pos).trimStart().length);
    return errorAt("syntax error: invalid arithmetic operator", at);
  }
  if (toks.length === 0) return { value: 0n };
  let i = 0;
  let last = 0;
  const peek = () => toks[i]?.t;
  const next = (): Tok => {
    const t = toks[i++]!;
    last = t.at;
    return t;
  };
  const isName = (t: string | undefined) => t !== undefined && /^[A-Za-z_]/.test(t);

  const valueOf = (name: string): bigint => {
    const v = (env.lookup(name) ?? "").trim();
    if (v === "") return 0n;
    if (/^-?\d+$/.test(v)) return wrap(BigInt(v));
    if (depth >= 10) throw new Fail("expression recursion level exceeded", last);
    const r = evalArith(v, env, depth + 1);
    if ("error" in r) throw new Fail(r.error, -1);
    return r.value;
  };
  const set = (name: string, v: bigint): bigint => {
    env.assign(name, String(v));
    return v;
  };

  const primary = (): bigint => {
    const t = peek();
    if (t === undefined) throw new Fail("syntax error: operand expected", last);
    if (t === "(") {
      next();
      const v = comma();
      if (peek() !== ")") throw new Fail("missing `)'", last);
      next();
      return v;
    }
    if (t === "++" || t === "--") {
      next();
      const n = peek();
      if (!isName(n)) throw new Fail("syntax error: operand expected", last);
      next();
      return set(n!, wrap(valueOf(n!) + (t === "++" ? 1n : -1n)));
    }
    if (t === "-" || t === "+" || t === "!" || t === "~") {
      next();
      const v = unaryOperand();
      return t === "-" ? wrap(-v) : t === "+" ? v : t === "!" ? (v === 0n ? 1n : 0n) : wrap(~v);
    }
    if (/^\d/.test(t)) {
      const tok = next();
      return number(tok.t, tok.at);
    }
    if (isName(t)) {
      next();
      const op = peek();
      if (op === "++" || op === "--") {
        next();
        const v = valueOf(t);
        set(t, wrap(v + (op === "++" ? 1n : -1n)));
        return v;
      }
      if (op !== undefined && ASSIGN_OPS.has(op)) {
        next();
        const r = assignment();
        if (op === "=") return set(t, r);
        return set(t, apply(op.slice(0, -1), valueOf(t), r, last));
      }
      return valueOf(t);
    }
    throw new Fail("syntax error: operand expected", toks[i]!.at);
  };
  const unaryOperand = (): bigint => power();
  const power = (): bigint => {
    const base = primary();
    if (peek() === "**") {
      next();
      const exp = power();
      if (exp < 0n) throw new Fail("exponent less than 0", last);
      return wrap(base ** exp);
    }
    return base;
  };
  const binary = (level: number): bigint => {
    if (level >= BINARY.length) return power();
    let v = binary(level + 1);
    const ops = BINARY[level]!;
    while (peek() !== undefined && ops.includes(peek()!)) {
      const op = next().t;
      if (op === "&&" && v === 0n) {
        skip(level + 1);
        v = 0n;
        continue;
      }
      if (op === "||" && v !== 0n) {
        skip(level + 1);
        v = 1n;
        continue;
      }
      const r = binary(level + 1);
      v = apply(op, v, r, last);
    }
    return v;
  };
  /** The right side of a short-circuited `&&`/`||`: parsed, its assignments not made. */
  const skip = (level: number) => {
    const saved = env.assign;
    env.assign = () => {};
    try {
      binary(level);
    } finally {
      env.assign = saved;
    }
  };
  const ternary = (): bigint => {
    const c = binary(0);
    if (peek() !== "?") return c;
    next();
    const a = assignment();
    if (peek() !== ":") throw new Fail("`:' expected for conditional expression", last);
    next();
    const b = assignment();
    return c !== 0n ? a : b;
  };
  const assignment = (): bigint => ternary();
  const comma = (): bigint => {
    let v = assignment();
    while (peek() === ",") {
      next();
      v = assignment();
    }
    return v;
  };
  try {
    const v = comma();
    if (i < toks.length) {
      const at = toks[i]!.at;
      return errorAt("syntax error in expression", at);
    }
    return { value: v };
  } catch (e) {
    if (e instanceof Fail) return e.at < 0 ? { error: e.why } : errorAt(e.why, e.at);
    throw e;
  }
}

function apply(op: string, a: bigint, b: bigint, at: number): bigint {
  switch (op) {
    case "+":
      return wrap(a + b);
    case "-":
      return wrap(a - b);
    case "*":
      return wrap(a * b);
    case "/":
    case "%":
      if (b === 0n) throw new Fail("division by 0", at);
      return wrap(op === "/" ? a / b : a % b);
    case "<<":
      return wrap(a << (b & 63n));
    case ">>":
      return wrap(a >> (b & 63n));
    case "&":
      return a & b;
    case "|":
      return a | b;
    case "^":
      return a ^ b;
    case "==":
      return a === b ? 1n : 0n;
    case "!=":
      return a !== b ? 1n : 0n;
    case "<":
      return a < b ? 1n : 0n;
    case ">":
      return a > b ? 1n : 0n;
    case "<=":
      return a <= b ? 1n : 0n;
    case ">=":
      return a >= b ? 1n : 0n;
    case "&&":
      return a !== 0n && b !== 0n ? 1n : 0n;
    case "||":
      return a !== 0n || b !== 0n ? 1n : 0n;
    default:
      return b;
  }
}
