/** jq's builtins that drive generators (paths, ranges, limits, regexes, inputs, dates). */
import { cfn, groupBy, NP, strftime } from "./builtins.ts";
import {
  delpaths,
  ev,
  fail,
  getpath,
  index,
  iterate,
  pathsOf,
  setpath,
  tick,
  tostring,
  type Gen,
  type Native,
} from "./eval.ts";
import { matches, sub } from "./formats.ts";
import { dump, equal, JqError, truthy, type J } from "./json.ts";

/** `halt`, `halt_error`: the program stops with this status and text on stderr. */
export class JqHalt extends Error {
  constructor(
    readonly status: number,
    readonly stderr: string,
  ) {
    super("halt");
  }
}

export const GENERATORS: [string, Native][] = [
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
  [
    "error/0",
    (_c, _a, v): Gen => {
      throw new JqError(v);
    },
  ],
  [
    "error/1",
    (ctx, args, v, _p, env): Gen => {
      for (const [m] of ev(ctx, args[0]!, v, undefined, env)) throw new JqError(m);
      return (function* (): Gen {})();
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
  [
    "halt/0",
    (): Gen => {
      throw new JqHalt(0, "");
    },
  ],
  [
    "halt_error/0",
    (_c, _a, v): Gen => {
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
