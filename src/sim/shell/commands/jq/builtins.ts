/** jq 1.6's builtins: the C ones (natively here) and the ones builtin.jq defines in jq itself. */
import { cmp, cmpStr, dump, equal, fromPlain, isObj, kindOf, parseOne, trunc, truthy, type J } from "./json.ts";
import {
  ev,
  fail,
  indices,
  setHelpers,
  tostring,
  type Ctx,
  type Env,
  type Gen,
  type Native,
  type Path,
} from "./eval.ts";
import type { Node } from "./parse.ts";
import { utf8Encode } from "../../lib/bytes.ts";
import { builtinDefs } from "./defs.ts";
import { format, matches } from "./formats.ts";

setHelpers((x) => dump(x, { indent: 0 }), format);

export { builtinDefs };

export const NP = (p: Path): Path => (p === undefined ? undefined : false);

/** A builtin of fixed arity whose arguments are evaluated to values (each combination, as jq's cfunctions). */
export function cfn(f: (v: J, ...a: J[]) => J): Native {
  return function* (ctx, args, v, p, env): Gen {
    const run = function* (i: number, acc: J[]): Gen {
      if (i < 0) {
        yield [f(v, ...acc), NP(p)];
        return;
      }
      for (const [x] of ev(ctx, args[i]!, v, undefined, env)) yield* run(i - 1, [x, ...acc]);
    };
    yield* run(args.length - 1, []);
  };
}

function length(v: J): J {
  if (v === null) return 0;
  if (typeof v === "boolean") return fail(`boolean (${v}) has no length`);
  if (typeof v === "number") return Math.abs(v);
  if (typeof v === "string") return [...v].length;
  return Array.isArray(v) ? v.length : v.size;
}

function keys(v: J, sorted: boolean): J {
  if (isObj(v)) {
    const k = [...v.keys()];
    return sorted ? k.sort(cmpStr) : k;
  }
  if (Array.isArray(v)) return v.map((_, i) => i);
  return fail(`${kindOf(v)} (${trunc(v)}) has no keys`);
}

function sortArr(v: J, what = "sorted"): J[] {
  if (!Array.isArray(v)) fail(`${kindOf(v)} (${trunc(v)}) cannot be ${what}, as it is not an array`);
  return [...v].sort(cmp);
}

function contains(a: J, b: J): boolean {
  if (isObj(a) && isObj(b)) return [...b].every(([k, x]) => a.has(k) && contains(a.get(k)!, x));
  if (Array.isArray(a) && Array.isArray(b)) return b.every((x) => a.some((y) => contains(y, x)));
  if (typeof a === "string" && typeof b === "string") return a.includes(b);
  if (kindOf(a) === kindOf(b)) return equal(a, b);
  return fail(`${kindOf(a)} (${trunc(a)}) and ${kindOf(b)} (${trunc(b)}) cannot have their containment checked`);
}

function tonumber(v: J): J {
  if (typeof v === "number") return v;
  if (typeof v === "string" && /^\s*-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(v)) return Number(v);
  return fail(`Cannot parse '${typeof v === "string" ? v : tostring(v)}' as JSON`);
}

function flatten(v: J, depth: J): J {
  if (typeof depth !== "number" || depth < 0) return fail("flatten depth must not be negative");
  if (!Array.isArray(v)) return fail(`Cannot iterate over ${kindOf(v)}`);
  return depth === 0 ? v : v.flatMap((x) => (Array.isArray(x) ? (flatten(x, depth - 1) as J[]) : [x]));
}

export function groupBy(ctx: Ctx, f: Node, v: J, env: Env): { key: J; item: J }[] {
  if (!Array.isArray(v)) fail(`Cannot index ${kindOf(v)} with number`);
  return v
    .map((item) => ({ key: [...ev(ctx, f, item, undefined, env)].map((o) => o[0]), item }))
    .sort((a, b) => cmp(a.key, b.key));
}

export function strftime(v: J, fmt: J): J {
  if (typeof v !== "number") return fail("strftime/1 requires parsed datetime inputs");
  const d = new Date(v * 1000);
  const p2 = (n: number) => String(n).padStart(2, "0");
  return tostring(fmt).replace(/%([YmdHMSZ])/g, (_, c: string) =>
    c === "Y"
      ? String(d.getUTCFullYear())
      : c === "m"
        ? p2(d.getUTCMonth() + 1)
        : c === "d"
          ? p2(d.getUTCDate())
          : c === "H"
            ? p2(d.getUTCHours())
            : c === "M"
              ? p2(d.getUTCMinutes())
              : c === "S"
                ? p2(d.getUTCSeconds())
                : "UTC",
  );
}

const natives: [string, Native][] = [
  ["empty/0", function* () {}],
  ["not/0", cfn((v) => !truthy(v))],
  ["length/0", cfn(length)],
  [
    "utf8bytelength/0",
    cfn((v) =>
      typeof v === "string"
        ? utf8Encode(v).length
        : fail(`${kindOf(v)} (${trunc(v)}) only strings have UTF-8 byte length`),
    ),
  ],
  ["keys/0", cfn((v) => keys(v, true))],
  ["keys_unsorted/0", cfn((v) => keys(v, false))],
  [
    "has/1",
    cfn((v, k) =>
      isObj(v) && typeof k === "string"
        ? v.has(k)
        : Array.isArray(v) && typeof k === "number"
          ? k >= 0 && k < v.length
          : fail(`Cannot check whether ${kindOf(v)} has a ${kindOf(k)} key`),
    ),
  ],
  ["contains/1", cfn((v, b) => contains(v, b))],
  ["type/0", cfn((v) => kindOf(v))],
  ["tostring/0", cfn((v) => tostring(v))],
  ["tonumber/0", cfn(tonumber)],
  ["tojson/0", cfn((v) => dump(v, { indent: 0 }))],
  [
    "fromjson/0",
    cfn((v) => {
      const r = parseOne(tostring(v));
      return "v" in r ? r.v : fail(`${r.error} (while parsing '${tostring(v)}')`);
    }),
  ],
  ["sort/0", cfn((v) => sortArr(v))],
  [
    "reverse/0",
    cfn((v) =>
      typeof v === "string"
        ? [...v].reverse().join("")
        : v === null
          ? []
          : Array.isArray(v)
            ? [...v].reverse()
            : fail(`Cannot index ${kindOf(v)} with number`),
    ),
  ],
  ["unique/0", cfn((v) => sortArr(v).filter((x, i, a) => i === 0 || !equal(a[i - 1]!, x)))],
  ["min/0", cfn((v) => sortArr(v)[0] ?? null)],
  ["max/0", cfn((v) => sortArr(v).at(-1) ?? null)],
  [
    "_min_by_impl/1",
    cfn((v, k) => {
      const a = v as J[];
      let b = -1;
      (k as J[]).forEach((x, i) => {
        if (b < 0 || cmp(x, (k as J[])[b]!) < 0) b = i;
      });
      return b < 0 ? null : a[b]!;
    }),
  ],
  [
    "_max_by_impl/1",
    cfn((v, k) => {
      const a = v as J[];
      let b = -1;
      (k as J[]).forEach((x, i) => {
        if (b < 0 || cmp(x, (k as J[])[b]!) >= 0) b = i;
      });
      return b < 0 ? null : a[b]!;
    }),
  ],
  ["floor/0", cfn((v) => (typeof v === "number" ? Math.floor(v) : fail(`${kindOf(v)} (${trunc(v)}) number required`)))],
  ["sqrt/0", cfn((v) => (typeof v === "number" ? Math.sqrt(v) : fail(`${kindOf(v)} (${trunc(v)}) number required`)))],
  ["ceil/0", cfn((v) => Math.ceil(Number(v)))],
  ["round/0", cfn((v) => Math.round(Number(v)))],
  ["fabs/0", cfn((v) => Math.abs(Number(v)))],
  ["pow/2", cfn((_v, a, b) => Math.pow(Number(a), Number(b)))],
  ["log/0", cfn((v) => Math.log(Number(v)))],
  ["infinite/0", cfn(() => Infinity)],
  ["nan/0", cfn(() => NaN)],
  ["isinfinite/0", cfn((v) => typeof v === "number" && !Number.isFinite(v) && !Number.isNaN(v))],
  ["isnan/0", cfn((v) => typeof v === "number" && Number.isNaN(v))],
  ["isnormal/0", cfn((v) => typeof v === "number" && Number.isFinite(v) && v !== 0)],
  [
    "startswith/1",
    cfn((v, s) =>
      typeof v === "string" && typeof s === "string" ? v.startsWith(s) : fail("startswith() requires string inputs"),
    ),
  ],
  [
    "endswith/1",
    cfn((v, s) =>
      typeof v === "string" && typeof s === "string" ? v.endsWith(s) : fail("endswith() requires string inputs"),
    ),
  ],
  [
    "ltrimstr/1",
    cfn((v, s) => (typeof v === "string" && typeof s === "string" && v.startsWith(s) ? v.slice(s.length) : v)),
  ],
  [
    "rtrimstr/1",
    cfn((v, s) =>
      typeof v === "string" && typeof s === "string" && v.endsWith(s) && s !== "" ? v.slice(0, -s.length) : v,
    ),
  ],
  [
    "explode/0",
    cfn((v) =>
      typeof v === "string"
        ? [...v].map((c) => c.codePointAt(0)!)
        : fail(`${kindOf(v)} (${trunc(v)}) cannot be exploded`),
    ),
  ],
  [
    "implode/0",
    cfn((v) => (Array.isArray(v) ? String.fromCodePoint(...v.map(Number)) : fail("implode input must be an array"))),
  ],
  [
    "split/1",
    cfn((v, s) =>
      typeof v === "string" && typeof s === "string"
        ? v === ""
          ? []
          : v.split(s)
        : fail("split input and separator must be strings"),
    ),
  ],
  [
    "split/2",
    cfn((v, re, fl) => {
      const s = v as string;
      const out: J[] = [];
      let last = 0;
      for (const m of matches(v, re, "g" + (typeof fl === "string" ? fl : ""), true) as Map<string, J>[]) {
        out.push(s.slice(last, m.get("offset") as number));
        last = (m.get("offset") as number) + (m.get("length") as number);
      }
      out.push(s.slice(last));
      return out;
    }),
  ],
  ["indices/1", cfn((v, i) => (v === null ? null : indices(v, i)))],
  ["flatten/1", cfn(flatten)],
  ["tostring/0", cfn((v) => tostring(v))],
  ["ascii/0", cfn((v) => String.fromCharCode(Number(v)))],
  [
    "transpose/0",
    cfn((v) => {
      const a = v as J[][];
      const n = Math.max(0, ...a.map((r) => r.length));
      return Array.from({ length: n }, (_, i) => a.map((r) => r[i] ?? null));
    }),
  ],
  ["test/2", cfn((v, re, fl) => matches(v, re, fl, false).length > 0)],
];

/** The natives written as plain functions; natives.ts adds the generators (generators.ts), which use these. */
export const CORE_NATIVES: readonly (readonly [string, Native])[] = natives;

export { fromPlain };
