/** jq's `@format`s and its regular expressions (match, test, sub; JavaScript's engine standing in for Oniguruma). */
import { b64Decode, b64Encode, utf8Decode, utf8Encode } from "../../lib/bytes.ts";
import { ev, fail, tostring, type Ctx, type Env } from "./eval.ts";
import { dump, isObj, kindOf, trunc, type J } from "./json.ts";
import type { Node } from "./parse.ts";

export function b64(s: string): string {
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

function regex(re: J, flags: J): RegExp {
  if (typeof re !== "string") fail(`${kindOf(re)} (${trunc(re)}) cannot be matched, as it is not a string`);
  const f = typeof flags === "string" ? flags : "";
  try {
    return new RegExp(re, `${f.includes("i") ? "i" : ""}${f.includes("x") ? "" : ""}gu`);
  } catch {
    return fail(`${re} (at offset 0) is not a valid regex`);
  }
}

export function matches(v: J, re: J, flags: J, global: boolean): J[] {
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

export function sub(v: J, re: J, rep: Node, flags: J, ctx: Ctx, env: Env, global: boolean): J {
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
