/** jq's operations on values: indexing, slices, iteration, arithmetic, and paths (getpath, setpath, delpaths). */
import { cmp, equal, isObj, JqError, JqLimit, kindOf, trunc, type J, type JObj } from "./json.ts";

/** A value and, when paths are tracked, where it sits in the input (`false`: not a path expression). */
export type Path = J[] | false | undefined;
export type Out = readonly [J, Path];
export type Gen = Generator<Out, void, undefined>;

export function fail(msg: string): never {
  throw new JqError(msg);
}

export const sub = (p: Path, k: J): Path => (p === undefined || p === false ? p : [...p, k]);

/** `.[k]` on a value (jv_get), with jq 1.6's error words. */
export function index(t: J, k: J): J {
  if (isObj(t) && typeof k === "string") return t.has(k) ? t.get(k)! : null;
  if (Array.isArray(t) && typeof k === "number") {
    const i = Math.floor(k < 0 ? t.length + k : k);
    return i >= 0 && i < t.length ? t[i]! : null;
  }
  if (t === null && (typeof k === "string" || typeof k === "number" || isObj(k))) return null;
  if (Array.isArray(t) && Array.isArray(k)) return indices(t, k);
  if (typeof k === "string") return fail(`Cannot index ${kindOf(t)} with string "${k}"`);
  if (isObj(k) && (Array.isArray(t) || typeof t === "string" || t === null))
    return slice(t, k.get("start") ?? null, k.get("end") ?? null);
  return fail(`Cannot index ${kindOf(t)} with ${kindOf(k)}`);
}

export function indices(t: J, k: J): J {
  const out: number[] = [];
  if (typeof t === "string" && typeof k === "string") {
    if (k === "") return null;
    for (let i = t.indexOf(k); i >= 0; i = t.indexOf(k, i + 1)) out.push(i);
    return out;
  }
  if (Array.isArray(t)) {
    const needle = Array.isArray(k) ? k : [k];
    if (needle.length === 0) return null;
    for (let i = 0; i + needle.length <= t.length; i++) if (needle.every((x, j) => equal(x, t[i + j]!))) out.push(i);
    return out;
  }
  return fail(`Cannot index ${kindOf(t)} with ${kindOf(k)}`);
}

export function slice(t: J, from: J, to: J): J {
  if (t === null) return null;
  if ((from !== null && typeof from !== "number") || (to !== null && typeof to !== "number"))
    return fail("Start and end indices of an array slice must be numbers");
  if (typeof t !== "string" && !Array.isArray(t)) return fail(`Cannot index ${kindOf(t)} with object`);
  const chars = typeof t === "string" ? [...t] : t;
  const n = chars.length;
  const clamp = (x: number) => Math.max(0, Math.min(n, x < 0 ? n + x : x));
  const a = from === null ? 0 : clamp(Math.floor(from));
  const b = Math.max(a, to === null ? n : clamp(Math.ceil(to)));
  return typeof t === "string" ? (chars as string[]).slice(a, b).join("") : t.slice(a, b);
}

export function* iterate(t: J, p: Path): Gen {
  if (Array.isArray(t)) for (let i = 0; i < t.length; i++) yield [t[i]!, sub(p, i)];
  else if (isObj(t)) for (const [k, x] of t) yield [x, sub(p, k)];
  else fail(`Cannot iterate over ${kindOf(t)} (${trunc(t)})`);
}

// ---- arithmetic ----

function merge(a: JObj, b: JObj): JObj {
  const out = new Map(a);
  for (const [k, v] of b) {
    const x = out.get(k);
    out.set(k, x !== undefined && isObj(x) && isObj(v) ? merge(x, v) : v);
  }
  return out;
}

export function binop(op: string, a: J, b: J): J {
  const bad = (what: string): never => fail(`${kindOf(a)} (${trunc(a)}) and ${kindOf(b)} (${trunc(b)}) ${what}`);
  switch (op) {
    case "+":
      if (a === null) return b;
      if (b === null) return a;
      if (typeof a === "number" && typeof b === "number") return a + b;
      if (typeof a === "string" && typeof b === "string") return a + b;
      if (Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
      if (isObj(a) && isObj(b)) return new Map([...a, ...b]);
      return bad("cannot be added");
    case "-":
      if (typeof a === "number" && typeof b === "number") return a - b;
      if (Array.isArray(a) && Array.isArray(b)) return a.filter((x) => !b.some((y) => equal(x, y)));
      return bad("cannot be subtracted");
    case "*":
      if (typeof a === "number" && typeof b === "number") return a * b;
      if (typeof a === "string" && typeof b === "number")
        return b > 0 ? a.repeat(Math.min(Math.ceil(b), 1e6 / Math.max(1, a.length))) : null;
      if (typeof b === "string" && typeof a === "number") return binop("*", b, a);
      if (isObj(a) && isObj(b)) return merge(a, b);
      return bad("cannot be multiplied");
    case "/":
      if (typeof a === "number" && typeof b === "number")
        return b === 0 ? bad("cannot be divided because the divisor is zero") : a / b;
      if (typeof a === "string" && typeof b === "string") return a === "" ? [] : a.split(b);
      return bad("cannot be divided");
    case "%":
      if (typeof a === "number" && typeof b === "number") {
        const y = Math.trunc(b);
        if (y === 0) return bad("cannot be divided because the divisor is zero");
        return Math.trunc(a) % Math.abs(y);
      }
      return bad("cannot be divided");
    case "==":
      return equal(a, b);
    case "!=":
      return !equal(a, b);
    case "<":
      return cmp(a, b) < 0;
    case ">":
      return cmp(a, b) > 0;
    case "<=":
      return cmp(a, b) <= 0;
    case ">=":
      return cmp(a, b) >= 0;
  }
  return fail(`unknown operator ${op}`);
}

// ---- paths ----

export function getpath(v: J, path: readonly J[]): J {
  let cur = v;
  for (const k of path) {
    if (cur === null) return null;
    cur = index(cur, k);
  }
  return cur;
}

export function setpath(v: J, path: readonly J[], x: J): J {
  if (path.length === 0) return x;
  const [k, ...rest] = path as [J, ...J[]];
  if (typeof k === "string") {
    if (v !== null && !isObj(v)) fail(`Cannot index ${kindOf(v)} with "${k}"`);
    const o = new Map(v ?? []);
    o.set(k, setpath(o.get(k) ?? null, rest, x));
    return o;
  }
  if (typeof k === "number") {
    if (v !== null && !Array.isArray(v)) fail(`Cannot index ${kindOf(v)} with number`);
    const a = [...(v ?? [])];
    const i = k < 0 ? a.length + k : Math.floor(k);
    if (i < 0) fail("Out of bounds negative array index");
    if (i > 100_000) throw new JqLimit("array");
    while (a.length <= i) a.push(null);
    a[i] = setpath(a[i]!, rest, x);
    return a;
  }
  if (isObj(k) && (Array.isArray(v) || v === null)) {
    const arr = v ?? [];
    const s = slice(arr, k.get("start") ?? null, k.get("end") ?? null) as J[];
    const nv = setpath(s, rest, x);
    if (!Array.isArray(nv)) fail("A slice of an array can only be assigned another array");
    const from = arr.indexOf(s[0]!) < 0 ? 0 : Math.max(0, Math.floor(Number(k.get("start") ?? 0)));
    return [...arr.slice(0, from), ...nv, ...arr.slice(from + s.length)];
  }
  return fail(`Invalid path component`);
}

export function delpaths(v: J, paths: J[][]): J {
  const sorted = [...paths].sort((a, b) => cmp(b, a));
  let out = v;
  for (const p of sorted) out = delpath(out, p);
  return out;
}

function delpath(v: J, p: readonly J[]): J {
  if (p.length === 0 || v === null) return null;
  const [k, ...rest] = p as [J, ...J[]];
  if (rest.length > 0) {
    const child = index(v, k);
    if (child === null) return v;
    return setpath(v, [k], delpath(child, rest));
  }
  if (isObj(v) && typeof k === "string") {
    const o = new Map(v);
    o.delete(k);
    return o;
  }
  if (Array.isArray(v) && typeof k === "number") {
    const i = k < 0 ? v.length + k : k;
    return v.filter((_, j) => j !== i);
  }
  if (Array.isArray(v) && isObj(k)) {
    const s = slice(v, k.get("start") ?? null, k.get("end") ?? null) as J[];
    const from = Math.max(
      0,
      Number(k.get("start") ?? 0) < 0 ? v.length + Number(k.get("start")) : Number(k.get("start") ?? 0),
    );
    return [...v.slice(0, from), ...v.slice(from + s.length)];
  }
  return fail(`Cannot delete field at index of ${kindOf(v)}`);
}
