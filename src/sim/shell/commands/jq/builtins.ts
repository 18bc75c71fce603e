/** jq 1.6's builtins: the C ones (natively here) and the ones builtin.jq defines in jq itself. */
import {
  cmp,
  cmpStr,
  dump,
  equal,
  fromPlain,
  isObj,
  JqError,
  kindOf,
  parseOne,
  trunc,
  truthy,
  type J,
} from "./json.ts";
import {
  delpaths,
  ev,
  fail,
  getpath,
  index,
  indices,
  iterate,
  pathsOf,
  setHelpers,
  setpath,
  tick,
  tostring,
  type Ctx,
  type Env,
  type Gen,
  type Native,
  type Path,
} from "./eval.ts";
import type { Node } from "./parse.ts";
import { b64Decode, b64Encode, utf8Decode, utf8Encode } from "../../lib/bytes.ts";
import { parseProgram } from "./parse.ts";

const NP = (p: Path): Path => (p === undefined ? undefined : false);

/** A builtin of fixed arity whose arguments are evaluated to values (each combination, as jq's cfunctions). */
function cfn(f: (v: J, ...a: J[]) => J): Native {
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

function b64(s: string): string {
  return b64Encode(utf8Encode(s));
}

export function format(name: string, v: J): J {
  switch (name) {
    case "text":
      return tostring(v);
    case "json":
      return dump(v, { indent: 0 });
    case "html":
      return tostring(v).replace(
        /[<>&'"]/g,
        (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", "'": "&#39;", '"': "&quot;" })[c]!,
      );
    case "uri":
      return utf8Encode(tostring(v))
        .map((b) =>
          /[A-Za-z0-9\-_.!~*'()]/.test(String.fromCharCode(b))
            ? String.fromCharCode(b)
            : `%${b.toString(16).toUpperCase().padStart(2, "0")}`,
        )
        .join("");
    case "csv":
    case "tsv": {
      if (!Array.isArray(v))
        return fail(`${kindOf(v)} (${trunc(v)}) cannot be ${name}-formatted, only an array can be`);
      return v
        .map((x) => {
          if (typeof x === "number") return String(x);
          if (typeof x === "boolean") return String(x);
          if (x === null) return "";
          if (typeof x === "string")
            return name === "csv"
              ? `"${x.replace(/"/g, '""')}"`
              : x.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r");
          return fail(`${kindOf(x)} (${trunc(x)}) is not valid in a csv row`);
        })
        .join(name === "csv" ? "," : "\t");
    }
    case "sh": {
      const one = (x: J): string => {
        if (typeof x === "string") return `'${x.replace(/'/g, "'\\''")}'`;
        if (Array.isArray(x) || isObj(x)) return fail(`${kindOf(x)} (${trunc(x)}) can not be escaped for shell`);
        return tostring(x);
      };
      return Array.isArray(v) ? v.map(one).join(" ") : one(v);
    }
    case "base64":
      return b64(tostring(v));
    case "base64d": {
      const d = b64Decode(tostring(v));
      if (d.bad && d.bytes.length === 0) return fail(`${kindOf(v)} (${trunc(v)}) is not valid base64 data`);
      return utf8Decode(d.bytes);
    }
  }
  return fail(`${name} is not a valid format`);
}

setHelpers((x) => dump(x, { indent: 0 }), format);

function regex(re: J, flags: J): RegExp {
  if (typeof re !== "string") fail(`${kindOf(re)} (${trunc(re)}) cannot be matched, as it is not a string`);
  const f = typeof flags === "string" ? flags : "";
  try {
    return new RegExp(re, `${f.includes("i") ? "i" : ""}${f.includes("x") ? "" : ""}gu`);
  } catch {
    return fail(`${re} (at offset 0) is not a valid regex`);
  }
}

function matches(v: J, re: J, flags: J, global: boolean): J[] {
  if (typeof v !== "string") fail(`${kindOf(v)} (${trunc(v)}) cannot be matched, as it is not a string`);
  const r = regex(re, flags);
  const all = global || (typeof flags === "string" && flags.includes("g"));
  const out: J[] = [];
  for (const m of v.matchAll(r)) {
    const names = Object.entries(m.groups ?? {});
    const caps: J[] = m.slice(1).map((c, i) => {
      const name = names.find(([, x]) => x === c && c !== undefined)?.[0] ?? null;
      return new Map<string, J>([
        ["offset", c === undefined ? -1 : v.indexOf(c, m.index)],
        ["length", c?.length ?? 0],
        ["string", c ?? null],
        ["name", name ?? (i >= 0 ? null : null)],
      ]);
    });
    out.push(
      new Map<string, J>([
        ["offset", m.index],
        ["length", m[0].length],
        ["string", m[0]],
        ["captures", caps],
      ]),
    );
    if (!all || out.length > 10_000) break;
  }
  return out;
}

function sub(v: J, re: J, rep: Node, flags: J, ctx: Ctx, env: Env, global: boolean): J {
  const ms = matches(v, re, flags, global);
  let out = "";
  let last = 0;
  const s = v as string;
  for (const m of ms as Map<string, J>[]) {
    const off = m.get("offset") as number;
    const caps = new Map<string, J>();
    for (const c of m.get("captures") as Map<string, J>[])
      if (c.get("name") !== null) caps.set(c.get("name") as string, c.get("string")!);
    let r: J = "";
    for (const [x] of ev(ctx, rep, caps, undefined, env)) {
      r = x;
      break;
    }
    out += s.slice(last, off) + tostring(r);
    last = off + (m.get("length") as number);
  }
  return out + s.slice(last);
}

const DEFS = `
def values: select(. != null);
def nulls: select(. == null);
def booleans: select(type == "boolean");
def numbers: select(type == "number");
def strings: select(type == "string");
def arrays: select(type == "array");
def objects: select(type == "object");
def iterables: select(type|. == "array" or . == "object");
def scalars: select(type|. != "array" and . != "object");
def map(f): [.[] | f];
def map_values(f): .[] |= f;
def recurse(f): def r: ., (f | r); r;
def recurse(f; cond): def r: ., (f | select(cond) | r); r;
def to_entries: [keys_unsorted[] as $k | {key: $k, value: .[$k]}];
def from_entries: map({(.key // .k // .name // .Name // .K // .Key | if type == "string" then . else tojson end): (if has("value") then .value else .v end)}) | add + {} // {};
def with_entries(f): to_entries | map(f) | from_entries;
def add: reduce .[] as $x (null; . + $x);
def any: reduce .[] as $x (false; . or $x);
def all: reduce .[] as $x (true; . and $x);
def any(f): reduce (.[] | f) as $x (false; . or $x);
def all(f): reduce (.[] | f) as $x (true; . and $x);
def any(g; cond): isempty(first(g | select(cond))) | not;
def all(g; cond): isempty(first(g | cond and empty));
def in(xs): . as $x | xs | has($x);
def inside(xs): . as $x | xs | contains($x);
def del(f): delpaths([path(f)]);
def paths: path(..) | select(length > 0);
def paths(node_filter): . as $dot | paths | select(. as $p | $dot | getpath($p) | node_filter);
def leaf_paths: paths(scalars);
def join($x): reduce .[] as $i (null; (if . == null then "" else . + $x end) + ($i | if . == null then "" elif type == "string" then . else tojson end)) // "";
def flatten: flatten(1e9);
def range($x): range(0; $x);
def todate: strftime("%Y-%m-%dT%H:%M:%SZ");
def fromdate: fromdateiso8601;
def fromdateiso8601: strptime("%Y-%m-%dT%H:%M:%SZ") | mktime;
def todateiso8601: strftime("%Y-%m-%dT%H:%M:%SZ");
def index($i): indices($i) | .[0];
def rindex($i): indices($i) | .[-1:][0];
def finites: select(isinfinite or isnan | not);
def normals: select(isnormal);
def walk(f): . as $in | if type == "object" then reduce keys_unsorted[] as $key ( {}; . + { ($key): ($in[$key] | walk(f)) } ) | f elif type == "array" then map( walk(f) ) | f else f end;
def first: .[0];
def last: .[-1];
def nth($n): .[$n];
def isempty(g): first((g | false), true);
def until(cond; update): def _until: if cond then . else (update | _until) end; _until;
def while(cond; update): def _while: if cond then ., (update | _while) else empty end; _while;
def repeat(f): def _repeat: ., (f | _repeat); _repeat;
def env: $ENV;
def unique_by(f): [group_by(f)[] | .[0]];
def max_by(f): _max_by_impl(map([f]));
def min_by(f): _min_by_impl(map([f]));
def ascii_downcase: explode | map(if 65 <= . and . <= 90 then . + 32 else . end) | implode;
def ascii_upcase: explode | map(if 97 <= . and . <= 122 then . - 32 else . end) | implode;
def test($re): test($re; null);
def match($re): match($re; null);
def capture($re): capture($re; null);
def capture($re; $flags): match($re; $flags) | [.captures | .[] | select(.name != null) | { key: .name, value: .string }] | from_entries;
def scan($re): scan($re; null);
def scan($re; $flags): match($re; "g" + ($flags // "")) | if (.captures | length > 0) then [ .captures | .[] | .string ] else .string end;
def splits($re): splits($re; null);
def splits($re; $flags): split($re; $flags) | .[];
def combinations: if length == 0 then [] else .[0][] as $x | (.[1:] | combinations) as $w | [$x] + $w end;
def combinations(n): . as $dot | [range(n)] | map($dot) | combinations;
def tostream: path(def r: (.[]?|r), .; r) as $p | getpath($p) | reduce path(.[]?) as $q ([$p, .]; [$p+$q]);
def ascii: [.] | implode;
def todate(f): strftime(f);
def getpath_or_null(p): getpath(p);
`;

let defsCache: Node | undefined;
/** builtin.jq's definitions, parsed once: a `def` chain whose body is `.`, to wrap a program in. */
export function builtinDefs(): (Node & { k: "def" })["defs"] {
  defsCache ??= parseProgram(`${DEFS} .`);
  return (defsCache as Node & { k: "def" }).defs;
}

function flatten(v: J, depth: J): J {
  if (typeof depth !== "number" || depth < 0) return fail("flatten depth must not be negative");
  if (!Array.isArray(v)) return fail(`Cannot iterate over ${kindOf(v)}`);
  return depth === 0 ? v : v.flatMap((x) => (Array.isArray(x) ? (flatten(x, depth - 1) as J[]) : [x]));
}

function groupBy(ctx: Ctx, f: Node, v: J, env: Env): { key: J; item: J }[] {
  if (!Array.isArray(v)) fail(`Cannot index ${kindOf(v)} with number`);
  return v
    .map((item) => ({ key: [...ev(ctx, f, item, undefined, env)].map((o) => o[0]), item }))
    .sort((a, b) => cmp(a.key, b.key));
}

function strftime(v: J, fmt: J): J {
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
  [
    "getpath/1",
    function* (ctx, args, v, p, env) {
      for (const [path] of ev(ctx, args[0]!, v, undefined, env)) {
        const pp = path as J[];
        let r: J;
        try {
          r = getpath(v, pp);
        } catch {
          r = null;
        }
        yield [r, p === undefined || p === false ? p : [...p, ...pp]];
      }
    },
  ],
  ["setpath/2", cfn((v, path, x) => setpath(v, path as J[], x))],
  ["delpaths/1", cfn((v, ps) => delpaths(v, ps as J[][]))],
  [
    "path/1",
    function* (ctx, args, v, p, env) {
      for (const path of pathsOf(ctx, args[0]!, v, env)) yield [path, NP(p)];
    },
  ],
  [
    "select/1",
    function* (ctx, args, v, p, env) {
      for (const [c] of ev(ctx, args[0]!, v, undefined, env)) if (truthy(c)) yield [v, p];
    },
  ],
  [
    "recurse/0",
    function* (ctx, _a, v, p, env) {
      yield* ev(ctx, { k: "recurse" }, v, p, env);
    },
  ],
  // eslint-disable-next-line require-yield
  [
    "error/0",
    function* (_c, _a, v): Gen {
      throw new JqError(v);
    },
  ],
  // eslint-disable-next-line require-yield
  [
    "error/1",
    function* (ctx, args, v, _p, env) {
      for (const [m] of ev(ctx, args[0]!, v, undefined, env)) throw new JqError(m);
    },
  ],
  [
    "range/2",
    function* (ctx, args, v, p, env) {
      for (const [from] of ev(ctx, args[0]!, v, undefined, env))
        for (const [to] of ev(ctx, args[1]!, v, undefined, env))
          for (let i = Number(from); i < Number(to); i++) {
            tick(ctx);
            yield [i, NP(p)];
          }
    },
  ],
  [
    "range/3",
    function* (ctx, args, v, p, env) {
      for (const [from] of ev(ctx, args[0]!, v, undefined, env))
        for (const [to] of ev(ctx, args[1]!, v, undefined, env))
          for (const [by] of ev(ctx, args[2]!, v, undefined, env)) {
            const b = Number(by);
            if (b > 0)
              for (let i = Number(from); i < Number(to); i += b) {
                tick(ctx);
                yield [i, NP(p)];
              }
            else if (b < 0)
              for (let i = Number(from); i > Number(to); i += b) {
                tick(ctx);
                yield [i, NP(p)];
              }
          }
    },
  ],
  [
    "limit/2",
    function* (ctx, args, v, p, env) {
      for (const [n] of ev(ctx, args[0]!, v, undefined, env)) {
        let k = 0;
        if (Number(n) <= 0) continue;
        for (const o of ev(ctx, args[1]!, v, p, env)) {
          yield o;
          if (++k >= Number(n)) break;
        }
      }
    },
  ],
  [
    "first/1",
    function* (ctx, args, v, p, env) {
      for (const o of ev(ctx, args[0]!, v, p, env)) {
        yield o;
        return;
      }
    },
  ],
  [
    "last/1",
    function* (ctx, args, v, p, env) {
      let last;
      for (const o of ev(ctx, args[0]!, v, p, env)) last = o;
      if (last) yield last;
    },
  ],
  [
    "nth/2",
    function* (ctx, args, v, p, env) {
      for (const [n] of ev(ctx, args[0]!, v, undefined, env)) {
        if (Number(n) < 0) fail("Out of bounds negative array index");
        let k = 0;
        for (const o of ev(ctx, args[1]!, v, p, env))
          if (k++ === Number(n)) {
            yield o;
            break;
          }
      }
    },
  ],
  [
    "sort_by/1",
    function* (ctx, args, v, p, env) {
      yield [groupBy(ctx, args[0]!, v, env).map((x) => x.item), NP(p)];
    },
  ],
  [
    "group_by/1",
    function* (ctx, args, v, p, env) {
      const g: J[][] = [];
      let prev: J | undefined;
      for (const x of groupBy(ctx, args[0]!, v, env)) {
        if (prev !== undefined && equal(prev, x.key)) g[g.length - 1]!.push(x.item);
        else g.push([x.item]);
        prev = x.key;
      }
      yield [g, NP(p)];
    },
  ],
  [
    "match/2",
    function* (ctx, args, v, p, env) {
      for (const [fl] of ev(ctx, args[1]!, v, undefined, env))
        for (const [re] of ev(ctx, args[0]!, v, undefined, env))
          for (const m of matches(v, re, fl, false)) yield [m, NP(p)];
    },
  ],
  [
    "sub/2",
    function* (ctx, args, v, p, env) {
      for (const [re] of ev(ctx, args[0]!, v, undefined, env))
        yield [sub(v, re, args[1]!, null, ctx, env, false), NP(p)];
    },
  ],
  [
    "sub/3",
    function* (ctx, args, v, p, env) {
      for (const [fl] of ev(ctx, args[2]!, v, undefined, env))
        for (const [re] of ev(ctx, args[0]!, v, undefined, env))
          yield [sub(v, re, args[1]!, fl, ctx, env, false), NP(p)];
    },
  ],
  [
    "gsub/2",
    function* (ctx, args, v, p, env) {
      for (const [re] of ev(ctx, args[0]!, v, undefined, env)) yield [sub(v, re, args[1]!, "g", ctx, env, true), NP(p)];
    },
  ],
  [
    "gsub/3",
    function* (ctx, args, v, p, env) {
      for (const [fl] of ev(ctx, args[2]!, v, undefined, env))
        for (const [re] of ev(ctx, args[0]!, v, undefined, env))
          yield [sub(v, re, args[1]!, "g" + (typeof fl === "string" ? fl : ""), ctx, env, true), NP(p)];
    },
  ],
  [
    "input/0",
    function* (ctx, _a, _v, p) {
      const x = ctx.inputs.next();
      if (x === undefined) fail("No more inputs");
      yield [x, NP(p)];
    },
  ],
  [
    "inputs/0",
    function* (ctx, _a, _v, p) {
      for (let x = ctx.inputs.next(); x !== undefined; x = ctx.inputs.next()) yield [x, NP(p)];
    },
  ],
  [
    "debug/0",
    function* (ctx, _a, v, p) {
      ctx.stderr(`["DEBUG:",${dump(v, { indent: 0 })}]\n`);
      yield [v, p];
    },
  ],
  [
    "stderr/0",
    function* (ctx, _a, v, p) {
      ctx.stderr(dump(v, { indent: 0 }));
      yield [v, p];
    },
  ],
  ["input_filename/0", cfn(() => null)],
  ["input_line_number/0", cfn(() => 1)],
  ["now/0", cfn(() => 1700000000)],
  [
    "mktime/0",
    cfn((v) =>
      Array.isArray(v)
        ? Date.UTC(Number(v[0]), Number(v[1]), Number(v[2]), Number(v[3]), Number(v[4]), Number(v[5])) / 1000
        : fail("mktime requires array of 6 numbers"),
    ),
  ],
  [
    "gmtime/0",
    cfn((v) => {
      const d = new Date(Number(v) * 1000);
      return [
        d.getUTCFullYear(),
        d.getUTCMonth(),
        d.getUTCDate(),
        d.getUTCHours(),
        d.getUTCMinutes(),
        d.getUTCSeconds(),
        d.getUTCDay(),
        0,
      ];
    }),
  ],
  ["strftime/1", cfn(strftime)],
  [
    "strptime/1",
    cfn((v) => {
      const m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)Z$/.exec(tostring(v));
      if (!m) return fail(`date "${tostring(v)}" does not match format "%Y-%m-%dT%H:%M:%SZ"`);
      const d = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
      return [
        d.getUTCFullYear(),
        d.getUTCMonth(),
        d.getUTCDate(),
        d.getUTCHours(),
        d.getUTCMinutes(),
        d.getUTCSeconds(),
        d.getUTCDay(),
        0,
      ];
    }),
  ],
  // eslint-disable-next-line require-yield
  [
    "halt/0",
    function* (): Gen {
      throw new JqHalt(0, "");
    },
  ],
  // eslint-disable-next-line require-yield
  [
    "halt_error/0",
    function* (_c, _a, v): Gen {
      throw new JqHalt(5, typeof v === "string" ? v : `${dump(v, { indent: 0 })}\n`);
    },
  ],
  ["builtins/0", cfn(() => [])],
  ["$__prog_args/0", cfn(() => null)],
  [
    "iterate/0",
    function* (_c, _a, v, p) {
      yield* iterate(v, p);
    },
  ],
  ["index_/2", cfn((v, k) => index(v, k))],
];

/** `halt`, `halt_error`: the program stops with this status and text on stderr. */
export class JqHalt extends Error {
  constructor(
    readonly status: number,
    readonly stderr: string,
  ) {
    super("halt");
  }
}

export const NATIVES: ReadonlyMap<string, Native> = new Map(natives);

export { fromPlain };
