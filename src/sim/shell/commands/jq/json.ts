/**
 * jq 1.6's values: JSON with objects as insertion-ordered maps (a JS object would move
 * integer-like keys first), its input parser's error words and positions, its
 * printer (2-space indent, numbers as jv_dtoa prints them) and its total order.
 */

import { utf8Decode, utf8Encode } from "../../lib/bytes.ts";

export type J = null | boolean | number | string | J[] | JObj;
export type JObj = Map<string, J>;

export function isObj(v: J): v is JObj {
  return v instanceof Map;
}

/** jv_kind_name. */
export function kindOf(v: J): string {
  if (v === null) return "null";
  if (typeof v === "boolean") return "boolean";
  if (typeof v === "number") return "number";
  if (typeof v === "string") return "string";
  return Array.isArray(v) ? "array" : "object";
}

/** An error jq raises as a value (`error(...)`, a bad index): try/catch sees `value`. */
export class JqError extends Error {
  constructor(readonly value: J) {
    super("jq error");
  }
}

/** The program ran past the lab's bound (a value or a loop too large). */
export class JqLimit extends Error {
  constructor(readonly what: string) {
    super("jq limit");
  }
}

// ---- numbers and strings as jq prints them ----

/** jvp_dtoa_fmt: shortest digits, exponent form when the point is far out (e+20, 1e-05). */
export function fmtNumber(d: number): string {
  if (Number.isNaN(d)) return "null";
  if (d > Number.MAX_VALUE) d = Number.MAX_VALUE;
  if (d < -Number.MAX_VALUE) d = -Number.MAX_VALUE;
  if (d === 0) return Object.is(d, -0) ? "-0" : "0";
  const neg = d < 0;
  const [mant, expS] = Math.abs(d).toExponential().split("e") as [string, string];
  const digits = mant.replace(".", "");
  const decpt = Number(expS) + 1;
  let s: string;
  if (decpt <= -4 || decpt > digits.length + 15) {
    let e = decpt - 1;
    const sign = e < 0 ? "-" : "+";
    e = Math.abs(e);
    s = (digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits) + `e${sign}${String(e).padStart(2, "0")}`;
  } else if (decpt <= 0) s = `0.${"0".repeat(-decpt)}${digits}`;
  else if (decpt >= digits.length) s = digits + "0".repeat(decpt - digits.length);
  else s = `${digits.slice(0, decpt)}.${digits.slice(decpt)}`;
  return neg ? `-${s}` : s;
}

export function quote(s: string, ascii = false): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\b") out += "\\b";
    else if (ch === "\f") out += "\\f";
    else if (c < 0x20 || c === 0x7f) out += `\\u${c.toString(16).padStart(4, "0")}`;
    else if (ascii && c > 0x7e) {
      if (c > 0xffff) {
        const h = Math.floor((c - 0x10000) / 0x400) + 0xd800;
        const l = ((c - 0x10000) % 0x400) + 0xdc00;
        out += `\\u${h.toString(16)}\\u${l.toString(16)}`;
      } else out += `\\u${c.toString(16).padStart(4, "0")}`;
    } else out += ch;
  }
  return out + '"';
}

export interface DumpOpts {
  readonly indent: number;
  readonly sortKeys?: boolean;
  readonly ascii?: boolean;
}

/** jv_dump: compact (indent 0) or pretty. */
export function dump(v: J, o: DumpOpts, depth = 0): string {
  if (v === null || typeof v === "boolean") return String(v);
  if (typeof v === "number") return fmtNumber(v);
  if (typeof v === "string") return quote(v, o.ascii);
  const nl = o.indent > 0 ? "\n" : "";
  const pad = (n: number) => " ".repeat(o.indent * n);
  if (Array.isArray(v)) {
    if (v.length === 0) return "[]";
    const items = v.map((x) => pad(depth + 1) + dump(x, o, depth + 1));
    return `[${nl}${items.join(`,${nl}`)}${nl}${pad(depth)}]`;
  }
  if (v.size === 0) return "{}";
  let keys = [...v.keys()];
  if (o.sortKeys) keys = keys.sort(cmpStr);
  const sep = o.indent > 0 ? ": " : ":";
  const items = keys.map((k) => pad(depth + 1) + quote(k, o.ascii) + sep + dump(v.get(k)!, o, depth + 1));
  return `{${nl}${items.join(`,${nl}`)}${nl}${pad(depth)}}`;
}

/** An error message's view of a value: compact, cut to 11 characters and "..." (jv_dump_string_trunc, 15 bytes). */
export function trunc(v: J, size = 15): string {
  const s = dump(v, { indent: 0 });
  const bytes = utf8Encode(s);
  if (bytes.length <= size - 1) return s;
  return utf8Decode(bytes.slice(0, size - 4)).replace(/\uFFFD+$/, "") + "...";
}

// ---- order ----

export function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const RANK: Record<string, number> = { null: 0, boolean: 1, number: 3, string: 4, array: 5, object: 6 };

/** jv_cmp: null < false < true < numbers < strings < arrays < objects. */
export function cmp(a: J, b: J): number {
  const ka = a === true ? 2 : RANK[kindOf(a)]!;
  const kb = b === true ? 2 : RANK[kindOf(b)]!;
  if (ka !== kb) return ka - kb;
  if (typeof a === "number" && typeof b === "number") return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === "string" && typeof b === "string") return cmpStr(a, b);
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const c = cmp(a[i]!, b[i]!);
      if (c !== 0) return c;
    }
    return a.length - b.length;
  }
  if (isObj(a) && isObj(b)) {
    const c = cmp([...a.keys()].sort(cmpStr), [...b.keys()].sort(cmpStr));
    if (c !== 0) return c;
    for (const k of [...a.keys()].sort(cmpStr)) {
      const d = cmp(a.get(k)!, b.get(k)!);
      if (d !== 0) return d;
    }
  }
  return 0;
}

export const equal = (a: J, b: J): boolean => cmp(a, b) === 0;

export function truthy(v: J): boolean {
  return v !== null && v !== false;
}

// ---- the input parser (jv_parse.c) ----

export interface Parsed {
  readonly values: { readonly v: J; readonly line: number }[];
  /** `parse error: ... at line L, column C`, after the values read before it. */
  readonly error?: string;
}

const WS = new Set([" ", "\t", "\r", "\n"]);
const STRUCT = new Set(["[", "{", ":", ",", "]", "}"]);

/**
 * Every value of a text stream, each with the input line jq's error messages name for it
 * (`at <stdin>:N`: the lines read when the value was complete; jq reads line by line).
 */
export function parseStream(text: string): Parsed {
  const values: { v: J; line: number }[] = [];
  let line = 1;
  let col = 0;
  type Frame = { arr: J[] | null; obj: JObj | null; key: string | null; want: "value" | "sep" | "key" | "colon" };
  const stack: Frame[] = [];
  let tok = "";
  let top: J | undefined; // a finished top-level value waiting for a delimiter
  const linesTo = (i: number) => {
    const nl = text.indexOf("\n", i);
    const end = nl < 0 ? text.length : nl + 1;
    let n = 0;
    for (let k = 0; k < end; k++) if (text[k] === "\n") n++;
    return n;
  };
  const err = (m: string): Parsed => ({ values, error: `parse error: ${m} at line ${line}, column ${col}` });
  const put = (v: J): string | undefined => {
    const f = stack[stack.length - 1];
    if (!f) {
      if (top !== undefined) return "Expected separator between values";
      top = v;
      return undefined;
    }
    if (f.want !== "value") return "Expected separator between values";
    if (f.arr) f.arr.push(v);
    else f.obj!.set(f.key!, v);
    f.want = "sep";
    return undefined;
  };
  const literal = (): string | undefined => {
    if (tok === "") return undefined;
    const t = tok;
    tok = "";
    let v: J;
    if (/^[tfn]/.test(t)) {
      if (t === "true") v = true;
      else if (t === "false") v = false;
      else if (t === "null") v = null;
      else return "Invalid literal";
    } else {
      if (!/^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return "Invalid numeric literal";
      v = Number(t);
    }
    const f = stack[stack.length - 1];
    if (f && f.want === "key") return "Object keys must be strings";
    return put(v);
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    col++;
    if (ch === "\n") {
      line++;
      col = 0;
    }
    if (ch === '"') {
      const m = literal();
      if (m) return err(m);
      // a string: read to its closing quote
      let s = "";
      let j = i + 1;
      for (; j < text.length && text[j] !== '"'; j++) {
        if (text[j] === "\\") {
          const e = text[++j];
          if (e === "u") {
            s += String.fromCharCode(parseInt(text.slice(j + 1, j + 5), 16));
            j += 4;
          } else s += ({ n: "\n", t: "\t", r: "\r", b: "\b", f: "\f" } as Record<string, string>)[e!] ?? e;
        } else {
          if (text[j] === "\n") {
            line++;
            col = 0;
          }
          s += text[j];
        }
      }
      col += j - i;
      if (j >= text.length) return err("Unfinished string at EOF");
      i = j;
      const f = stack[stack.length - 1];
      if (f && f.want === "key") {
        f.key = s;
        f.want = "colon";
        continue;
      }
      if (!f && top !== undefined) {
        values.push({ v: top, line: linesTo(i) });
        top = undefined;
      }
      const m2 = put(s);
      if (m2) return err(m2);
      continue;
    }
    if (!WS.has(ch) && !STRUCT.has(ch)) {
      if (tok === "" && stack.length === 0 && top !== undefined) {
        values.push({ v: top, line: linesTo(i - 1) });
        top = undefined;
      }
      tok += ch;
      continue;
    }
    const m = literal();
    if (m) return err(m);
    if (stack.length === 0 && top !== undefined) {
      values.push({ v: top, line: linesTo(i) });
      top = undefined;
    }
    if (WS.has(ch)) continue;
    const f = stack[stack.length - 1];
    if (ch === "[" || ch === "{") {
      if (f && f.want !== "value")
        return err(f.want === "key" ? "Object keys must be strings" : "Expected separator between values");
      stack.push(
        ch === "["
          ? { arr: [], obj: null, key: null, want: "value" }
          : { arr: null, obj: new Map(), key: null, want: "key" },
      );
      continue;
    }
    if (!f)
      return err(
        ch === "]"
          ? "Unmatched ']'"
          : ch === "}"
            ? "Unmatched '}'"
            : ch === ":"
              ? "':' not as part of an object"
              : "Expected value before ','",
      );
    if (ch === ":") {
      if (f.arr || f.want !== "colon")
        return err(f.arr ? "':' not as part of an object" : "Expected string key before ':'");
      f.want = "value";
    } else if (ch === ",") {
      if (f.want !== "sep") return err("Expected value before ','");
      f.want = f.arr ? "value" : "key";
    } else if (ch === "]") {
      if (!f.arr) return err("Unmatched ']' in the middle of an object");
      if (f.want === "value" && f.arr.length > 0) return err("Expected another array element");
      stack.pop();
      const m2 = put(f.arr);
      if (m2) return err(m2);
    } else {
      if (!f.obj) return err("Unmatched '}' in the middle of an array");
      if (f.want === "key" && f.obj.size > 0) return err("Expected another key-value pair");
      if (f.want === "colon" || (f.want === "value" && f.key !== null))
        return err("Objects must consist of key:value pairs");
      stack.pop();
      const m2 = put(f.obj);
      if (m2) return err(m2);
    }
  }
  const m = literal();
  if (m) return err(m);
  if (stack.length > 0) return err("Unfinished JSON term at EOF");
  if (top !== undefined) values.push({ v: top, line: linesTo(text.length) });
  return { values };
}

/** `fromjson`, `--argjson`: one value from a string (jq's own error words). */
export function parseOne(text: string): { v: J } | { error: string } {
  const p = parseStream(text);
  if (p.error) return { error: p.error.replace(/^parse error: /, "") };
  if (p.values.length === 0) return { v: null };
  return { v: p.values[0]!.v };
}

/** A plain JS value (docker's JSON read by JSON.parse, env) as a jq value. */
export function fromPlain(x: unknown): J {
  if (x === null || x === undefined) return null;
  if (typeof x === "boolean" || typeof x === "number" || typeof x === "string") return x;
  if (Array.isArray(x)) return x.map(fromPlain);
  return new Map(Object.entries(x as Record<string, unknown>).map(([k, v]) => [k, fromPlain(v)]));
}
