/**
 * jq's evaluation: every expression is a generator of outputs (backtracking is the
 * generator's next()), each output carrying its path when the caller asks for paths
 * (`path(f)`, `del`, `|=`). Bounded: steps, call depth and value sizes.
 */
import { isObj, JqError, JqLimit, kindOf, trunc, truthy, type J, type JObj } from "./json.ts";
import type { FuncDef, Node, Pattern } from "./parse.ts";

export type { Gen, Out, Path } from "./ops.ts";
import type { Gen, Out, Path } from "./ops.ts";

export interface Closure {
  readonly def: FuncDef;
  readonly env: Env;
}
export type Native = (ctx: Ctx, args: readonly Node[], v: J, p: Path, env: Env) => Gen;

export interface Env {
  readonly vars: ReadonlyMap<string, J>;
  readonly funcs: ReadonlyMap<string, Closure | { readonly param: Node; readonly env: Env }>;
}

export interface Ctx {
  steps: number;
  depth: number;
  readonly natives: ReadonlyMap<string, Native>;
  /** The inputs `input`/`inputs` read from. */
  readonly inputs: { next(): J | undefined };
  readonly stderr: (s: string) => void;
  readonly env: ReadonlyMap<string, string>;
}

const MAX_STEPS = 1_000_000;
const MAX_DEPTH = 400;

export function tick(ctx: Ctx): void {
  if (++ctx.steps > MAX_STEPS) throw new JqLimit("steps");
}

import { binop, delpaths, fail, getpath, index, iterate, setpath, slice, sub } from "./ops.ts";

export { binop, delpaths, fail, getpath, index, indices, iterate, setpath, slice } from "./ops.ts";

/** Every path `f` names in `v` (path(f)). */
export function* pathsOf(ctx: Ctx, f: Node, v: J, env: Env): Generator<J[]> {
  for (const [x, p] of ev(ctx, f, v, [], env)) {
    if (p === false || p === undefined) fail(`Invalid path expression with result ${trunc(x, 11)}`);
    yield p;
  }
}

// ---- the evaluator ----

function bind(pat: Pattern, v: J, vars: Map<string, J>): void {
  if (pat.k === "var") vars.set(pat.name, v);
  else if (pat.k === "arr") pat.items.forEach((p, i) => bind(p, v === null ? null : index(v, i), vars));
  else
    for (const it of pat.items) {
      const key = it.key.k === "lit" ? it.key.v : null;
      const x = v === null ? null : index(v, key);
      if (it.name !== undefined) vars.set(it.name, x);
      if (it.pat) bind(it.pat, x, vars);
    }
}

function withVars(env: Env, vars: Map<string, J>): Env {
  return { vars: new Map([...env.vars, ...vars]), funcs: env.funcs };
}

function* product(ctx: Ctx, nodes: readonly Node[], v: J, env: Env, acc: J[] = []): Generator<J[]> {
  if (acc.length === nodes.length) {
    yield acc;
    return;
  }
  for (const [x] of ev(ctx, nodes[acc.length]!, v, undefined, env)) yield* product(ctx, nodes, v, env, [...acc, x]);
}

export function* ev(ctx: Ctx, n: Node, v: J, p: Path, env: Env): Gen {
  tick(ctx);
  switch (n.k) {
    case "id":
      yield [v, p];
      return;
    case "recurse":
      yield* recurse(ctx, v, p);
      return;
    case "lit":
      yield [n.v, p === undefined ? undefined : false];
      return;
    case "loc":
      yield [
        new Map<string, J>([
          ["file", "<top-level>"],
          ["line", 1],
        ]),
        p === undefined ? undefined : false,
      ];
      return;
    case "var":
      if (!env.vars.has(n.name)) fail(`$${n.name} is not defined`);
      yield [env.vars.get(n.name)!, p === undefined ? undefined : false];
      return;
    case "str":
      yield* strings(ctx, n, v, p, env);
      return;
    case "format":
      yield [format(n.name, v), p === undefined ? undefined : false];
      return;
    case "field":
    case "index":
      for (const [t, tp] of ev(ctx, n.target, v, p, env))
        for (const [k] of ev(ctx, n.k === "field" ? n.name : n.index, v, undefined, env)) {
          if (tp === false) fail(`Invalid path expression with result ${trunc(t, 11)}`);
          yield [index(t, k), sub(tp, k)];
        }
      return;
    case "slice":
      for (const [t, tp] of ev(ctx, n.target, v, p, env))
        for (const [to] of n.to ? ev(ctx, n.to, v, undefined, env) : [[null, undefined] as const])
          for (const [from] of n.from ? ev(ctx, n.from, v, undefined, env) : [[null, undefined] as const])
            yield [
              slice(t, from, to),
              sub(
                tp,
                new Map<string, J>([
                  ["start", from],
                  ["end", to],
                ]),
              ),
            ];
      return;
    case "iter":
      for (const [t, tp] of ev(ctx, n.target, v, p, env)) yield* iterate(t, tp);
      return;
    case "opt":
      try {
        for (const o of ev(ctx, n.body, v, p, env)) yield o;
      } catch (e) {
        if (!(e instanceof JqError)) throw e;
      }
      return;
    case "try": {
      const outs: Out[] = [];
      try {
        for (const o of ev(ctx, n.body, v, p, env)) outs.push(o);
      } catch (e) {
        if (!(e instanceof JqError)) throw e;
        yield* outs;
        if (n.catch && !(typeof e.value === "string" && e.value === "__jq_break"))
          yield* ev(ctx, n.catch, e.value, undefined, env);
        return;
      }
      yield* outs;
      return;
    }
    case "pipe":
      for (const [x, xp] of ev(ctx, n.l, v, p, env)) yield* ev(ctx, n.r, x, xp, env);
      return;
    case "comma":
      yield* ev(ctx, n.l, v, p, env);
      yield* ev(ctx, n.r, v, p, env);
      return;
    case "neg":
      for (const [x] of ev(ctx, n.body, v, undefined, env)) {
        if (typeof x !== "number") fail(`${kindOf(x)} (${trunc(x)}) cannot be negated`);
        yield [-x, p === undefined ? undefined : false];
      }
      return;
    case "bin":
      for (const [b] of ev(ctx, n.r, v, undefined, env))
        for (const [a] of ev(ctx, n.l, v, undefined, env))
          yield [binop(n.op, a, b), p === undefined ? undefined : false];
      return;
    case "and":
    case "or":
      for (const [a] of ev(ctx, n.l, v, undefined, env)) {
        if (n.k === "and" ? !truthy(a) : truthy(a)) yield [n.k === "or", p === undefined ? undefined : false];
        else for (const [b] of ev(ctx, n.r, v, undefined, env)) yield [truthy(b), p === undefined ? undefined : false];
      }
      return;
    case "alt": {
      let any = false;
      try {
        for (const o of ev(ctx, n.l, v, p, env))
          if (truthy(o[0])) {
            any = true;
            yield o;
          }
      } catch (e) {
        if (!(e instanceof JqError)) throw e;
      }
      if (!any) yield* ev(ctx, n.r, v, p, env);
      return;
    }
    case "array": {
      const items: J[] = [];
      if (n.body) for (const [x] of ev(ctx, n.body, v, undefined, env)) items.push(x);
      yield [items, p === undefined ? undefined : false];
      return;
    }
    case "object":
      yield* object(ctx, n.entries, 0, v, env, new Map(), p);
      return;
    case "as":
      for (const [x] of ev(ctx, n.src, v, undefined, env)) {
        const vars = new Map<string, J>();
        bind(n.pat, x, vars);
        yield* ev(ctx, n.body, v, p, withVars(env, vars));
      }
      return;
    case "reduce":
      for (const [init] of ev(ctx, n.init, v, undefined, env)) {
        let acc: J = init;
        for (const [x] of ev(ctx, n.src, v, undefined, env)) {
          const vars = new Map<string, J>();
          bind(n.pat, x, vars);
          let last: J = null;
          for (const [y] of ev(ctx, n.update, acc, undefined, withVars(env, vars))) last = y;
          acc = last;
        }
        yield [acc, p === undefined ? undefined : false];
      }
      return;
    case "foreach":
      for (const [init] of ev(ctx, n.init, v, undefined, env)) {
        let acc: J = init;
        for (const [x] of ev(ctx, n.src, v, undefined, env)) {
          const vars = new Map<string, J>();
          bind(n.pat, x, vars);
          const e2 = withVars(env, vars);
          for (const [y] of ev(ctx, n.update, acc, undefined, e2)) {
            acc = y;
            if (n.extract)
              for (const o of ev(ctx, n.extract, y, undefined, e2)) yield [o[0], p === undefined ? undefined : false];
            else yield [y, p === undefined ? undefined : false];
          }
        }
      }
      return;
    case "if":
      for (const [c] of ev(ctx, n.cond, v, undefined, env)) {
        if (truthy(c)) yield* ev(ctx, n.then, v, p, env);
        else if (n.else) yield* ev(ctx, n.else, v, p, env);
        else yield [v, p];
      }
      return;
    case "assign":
      yield* assign(ctx, n.op, n.l, n.r, v, env);
      return;
    case "def": {
      const funcs = new Map(env.funcs);
      const e2: Env = { vars: env.vars, funcs };
      for (const d of n.defs) funcs.set(`${d.name}/${d.params.length}`, { def: d, env: e2 });
      yield* ev(ctx, n.body, v, p, e2);
      return;
    }
    case "call":
      yield* call(ctx, n, v, p, env);
      return;
  }
}

function* recurse(ctx: Ctx, v: J, p: Path, depth = 0): Gen {
  tick(ctx);
  if (depth > MAX_DEPTH) throw new JqLimit("depth");
  yield [v, p];
  if (Array.isArray(v) || isObj(v)) for (const [x, xp] of iterate(v, p)) yield* recurse(ctx, x, xp, depth + 1);
}

function* object(
  ctx: Ctx,
  entries: readonly { key: Node; value: Node }[],
  i: number,
  v: J,
  env: Env,
  acc: JObj,
  p: Path,
): Gen {
  if (i === entries.length) {
    yield [new Map(acc), p === undefined ? undefined : false];
    return;
  }
  const e = entries[i]!;
  for (const [k] of ev(ctx, e.key, v, undefined, env)) {
    if (typeof k !== "string") fail(`Object keys must be strings`);
    for (const [x] of ev(ctx, e.value, v, undefined, env)) {
      const next = new Map(acc);
      next.set(k, x);
      yield* object(ctx, entries, i + 1, v, env, next, p);
    }
  }
}

function* strings(ctx: Ctx, n: Node & { k: "str" }, v: J, p: Path, env: Env): Gen {
  const pieces = n.parts.map((x) => (typeof x === "string" ? ({ k: "lit", v: x } as const) : x));
  const interp = n.parts.map((x) => typeof x !== "string");
  for (const vals of product(ctx, pieces, v, env)) {
    const s = vals
      .map((x, i) => (interp[i] ? (n.fmt ? (format(n.fmt, x) as string) : tostring(x)) : (x as string)))
      .join("");
    yield [s, p === undefined ? undefined : false];
  }
}

export function tostring(x: J): string {
  return typeof x === "string" ? x : dumpCompact(x);
}

// set by builtins.ts (format and compact dump live there), to keep the imports one way
let dumpCompact: (x: J) => string = () => "";
let format: (name: string, x: J) => J = () => null;
export function setHelpers(d: (x: J) => string, f: (name: string, x: J) => J): void {
  dumpCompact = d;
  format = f;
}

function* assign(ctx: Ctx, op: string, l: Node, r: Node, v: J, env: Env): Gen {
  if (op === "|=") {
    let out = v;
    for (const path of [...pathsOf(ctx, l, v, env)]) {
      let first: J | undefined;
      for (const [y] of ev(ctx, r, getpath(out, path), undefined, env)) {
        first = y;
        break;
      }
      out = first === undefined ? delpaths(out, [path]) : setpath(out, path, first);
    }
    yield [out, undefined];
    return;
  }
  for (const [x] of ev(ctx, r, v, undefined, env)) {
    let out = v;
    for (const path of [...pathsOf(ctx, l, v, env)]) {
      const cur = getpath(out, path);
      const nv = op === "=" ? x : op === "//=" ? (truthy(cur) ? cur : x) : binop(op.slice(0, -1), cur, x);
      out = setpath(out, path, nv);
    }
    yield [out, undefined];
  }
}

function* call(ctx: Ctx, n: Node & { k: "call" }, v: J, p: Path, env: Env): Gen {
  const key = `${n.name}/${n.args.length}`;
  const f = env.funcs.get(key);
  if (f && "param" in f) {
    yield* ev(ctx, f.param, v, p, f.env);
    return;
  }
  if (f) {
    if (++ctx.depth > MAX_DEPTH) throw new JqLimit("depth");
    try {
      const funcs = new Map(f.env.funcs);
      funcs.set(key, f);
      const valueParams: { name: string; node: Node }[] = [];
      f.def.params.forEach((name, i) => {
        if (name.startsWith("$")) valueParams.push({ name: name.slice(1), node: n.args[i]! });
        else funcs.set(`${name}/0`, { param: n.args[i]!, env });
      });
      const base: Env = { vars: f.env.vars, funcs };
      if (valueParams.length === 0) yield* ev(ctx, f.def.body, v, p, base);
      else
        for (const vals of product(
          ctx,
          valueParams.map((x) => x.node),
          v,
          env,
        )) {
          const vars = new Map(base.vars);
          const fn = new Map(funcs);
          valueParams.forEach((x, i) => {
            vars.set(x.name, vals[i]!);
            fn.set(`${x.name}/0`, { param: { k: "lit", v: vals[i]! }, env: base });
          });
          yield* ev(ctx, f.def.body, v, p, { vars, funcs: fn });
        }
    } finally {
      ctx.depth--;
    }
    return;
  }
  const nat = ctx.natives.get(key);
  if (nat) {
    yield* nat(ctx, n.args, v, p, env);
    return;
  }
  fail(`${key} is not defined`);
}
