/**
 * Go's fmt and text/template builtins as the templates' values need them: the kinds Go
 * sees in a value (comparisons are defined on basic kinds only), fmt.Sprint's spacing,
 * and Sprintf's verbs with their `%!verb(type=value)` complaints.
 */
import { GoTime, isGoNil } from "./go-value.ts";
import type { Arg, Pipe } from "./template-parse.ts";

/**
 * A Go string's bytes (index and %x read those): the core has no TextEncoder, and docker
 * may not import the shell's byte helpers, so the UTF-8 rule is spelt here via encodeURIComponent.
 */
export function utf8Bytes(s: string): number[] {
  const out: number[] = [];
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else if (c >= 0xd800 && c < 0xe000) out.push(0xef, 0xbf, 0xbd);
    else for (const h of encodeURIComponent(ch).split("%").slice(1)) out.push(parseInt(h, 16));
  }
  return out;
}

export type Kind = "bool" | "int" | "float" | "string" | "nil" | "other";

/** The reflect kind Go sees: JSON-like numbers are ints when whole (the API's are). */
export function kindOf(v: unknown): Kind {
  if (typeof v === "boolean") return "bool";
  if (typeof v === "number") return Number.isInteger(v) ? "int" : "float";
  if (typeof v === "string") return "string";
  if (v === null || v === undefined) return "nil";
  return "other";
}

/** The Go type name fmt and len print for a value (`int`, `string`, …). */
export function typeName(v: unknown): string {
  const k = kindOf(v);
  if (k === "int") return "int";
  if (k === "float") return "float64";
  if (k === "bool" || k === "string") return k;
  if (v instanceof GoTime) return "time.Time";
  if (Array.isArray(v)) return "[]interface {}";
  return "map[string]interface {}";
}

/** A failed builtin: text/template reports it as `error calling NAME: WHY`. */
export class CallError extends Error {
  /** `string and int`: the operands' types, which newer Go adds to a failed comparison. */
  constructor(
    message: string,
    readonly types?: string,
  ) {
    super(message);
  }
}

function incompatible(a: unknown, b: unknown): CallError {
  return new CallError("incompatible types for comparison", `${typeName(a)} and ${typeName(b)}`);
}

/** text/template's eq: basic kinds of one kind compare by value; others only by identity. */
export function goEq(a: unknown, b: unknown): boolean {
  const ka = kindOf(a);
  const kb = kindOf(b);
  if (ka === "other" || kb === "other") {
    if (isGoNil(a) || isGoNil(b) || ka !== kb) throw incompatible(a, b);
    throw new CallError("invalid type for comparison");
  }
  if (ka !== kb) throw incompatible(a, b);
  return a === b;
}

/** lt: defined on ints, floats and strings of one kind. */
export function goLt(a: unknown, b: unknown): boolean {
  const ka = kindOf(a);
  const kb = kindOf(b);
  if (ka === "bool" || ka === "other" || ka === "nil" || kb === "bool" || kb === "other" || kb === "nil")
    throw new CallError("invalid type for comparison");
  if (ka !== kb) throw incompatible(a, b);
  return (a as number | string) < (b as number | string);
}

/** fmt.Sprint: operands are joined with a space where neither side is a string. */
export function goSprint(vals: readonly unknown[], show: (v: unknown) => string): string {
  let out = "";
  vals.forEach((v, i) => {
    if (i > 0 && typeof v !== "string" && typeof vals[i - 1] !== "string") out += " ";
    out += show(v);
  });
  return out;
}

function pad(s: string, width: string, flags: string): string {
  const w = Number(width || 0);
  if (s.length >= w) return s;
  if (flags.includes("-")) return s.padEnd(w);
  if (flags.includes("0") && /^[+-]?\d/.test(s)) {
    const sign = /^[+-]/.test(s) ? s[0]! : "";
    return sign + s.slice(sign.length).padStart(w - sign.length, "0");
  }
  return s.padStart(w);
}

/**
 * %.Nf: Go rounds the double's exact value, a tie to even (2.25 → 2.2); JavaScript's
 * toFixed breaks a tie upward, so a tie is settled here from the exact expansion.
 */
function fixed(x: number, prec: number): string {
  const exact = Math.abs(x).toFixed(Math.min(100, prec + 60));
  const cut = exact.indexOf(".") + (prec > 0 ? prec + 1 : 0);
  const rest = exact.slice(prec > 0 ? cut : cut + 1);
  if (!/^50*$/.test(rest)) return x.toFixed(prec);
  const down = exact.slice(0, cut);
  const last = Number(down[down.length - 1]);
  const text = last % 2 === 0 ? down : x < 0 ? (-Math.abs(x)).toFixed(prec).slice(1) : x.toFixed(prec);
  return (x < 0 ? "-" : "") + text;
}

/** One verb applied to one operand, or Go's `%!v(type=value)` when the kinds do not fit. */
function verb(v: string, a: unknown, flags: string, prec: string, show: (v: unknown) => string): string {
  const k = kindOf(a);
  const bad = () => `%!${v}(${k === "nil" ? "<nil>" : `${typeName(a)}=${show(a)}`})`;
  const sign = (n: number, s: string) => (n >= 0 && flags.includes("+") ? "+" + s : s);
  const p = prec === "" ? undefined : Number(prec.slice(1));
  // fmt applies a verb other than %v to each element of a slice.
  if (Array.isArray(a) && v !== "v" && v !== "T") return `[${a.map((x) => verb(v, x, flags, prec, show)).join(" ")}]`;
  switch (v) {
    case "T":
      return k === "nil" ? "<nil>" : typeName(a);
    case "v":
      return k === "nil" ? "<nil>" : show(a);
    case "s": {
      if (k === "int" || k === "float" || k === "bool") return bad();
      const s = k === "nil" ? "%!s(<nil>)" : show(a);
      return p === undefined ? s : s.slice(0, p);
    }
    case "q":
      return k === "string" ? JSON.stringify(a) : bad();
    case "d":
      return k === "int" ? sign(a as number, String(a)) : bad();
    case "t":
      return k === "bool" ? String(a) : bad();
    case "x":
    case "X": {
      let s: string;
      if (k === "int") s = (a as number).toString(16);
      else if (k === "string")
        s = utf8Bytes(a as string)
          .map((b) => b.toString(16).padStart(2, "0"))
          .join("");
      else return bad();
      return v === "X" ? s.toUpperCase() : s;
    }
    case "o":
      return k === "int" ? (a as number).toString(8) : bad();
    case "f":
    case "F":
      return k === "float" || k === "int" ? sign(a as number, fixed(a as number, p ?? 6)) : bad();
    case "c":
      return k === "int" ? String.fromCodePoint(a as number) : bad();
    default:
      return `%!${v}(${typeName(a)}=${show(a)})`;
  }
}

/** fmt.Sprintf for the verbs templates use; missing and extra operands read as Go writes them. */
export function goSprintf(fmt: string, args: readonly unknown[], show: (v: unknown) => string): string {
  let n = 0;
  let out = fmt.replace(
    /%([-+ 0#]*)(\d*)(\.\d*)?([a-zA-Z%])/g,
    (_m, flags: string, width: string, prec: string | undefined, v: string) => {
      if (v === "%") return "%";
      if (n >= args.length) return `%!${v}(MISSING)`;
      return pad(verb(v, args[n++], flags, prec ?? "", show), width, flags);
    },
  );
  if (n < args.length)
    out += `%!(EXTRA ${args
      .slice(n)
      .map((a) => (kindOf(a) === "nil" ? "<nil>" : `${typeName(a)}=${show(a)}`))
      .join(", ")})`;
  return out;
}

/** An argument as Go's parse tree prints it back. */
export function argText(a: Arg): string {
  switch (a.kind) {
    case "str":
      return JSON.stringify(a.value);
    case "num":
    case "bool":
      return String(a.value);
    case "field":
      if (a.base !== undefined) return `(${pipeText(JSON.parse(a.base) as Pipe)}).${a.path.join(".")}`;
      return a.path.length ? "." + a.path.join(".") : ".";
    case "var":
      return [a.name, ...a.path].join(".");
    case "ident":
      return a.name;
    case "nil":
      return "nil";
    case "sub":
      return `(${pipeText(a.pipe)})`;
  }
}

/** A pipeline as Go's parse tree prints it back: `$x := index .A 0 | printf "%s"`. */
export function pipeText(p: Pipe): string {
  const decl = p.decl.length > 0 ? p.decl.join(", ") + " := " : "";
  return decl + p.cmds.map((c) => c.args.map(argText).join(" ")).join(" | ");
}

/** What a function's parameter takes: Docker's helpers are typed Go functions. */
export type Param = "any" | "string" | "int" | "[]string";

export const SIGNATURES: Readonly<Record<string, readonly Param[]>> = {
  json: ["any"],
  join: ["[]string", "string"],
  upper: ["string"],
  lower: ["string"],
  title: ["string"],
  split: ["string", "string"],
  truncate: ["string", "int"],
  pad: ["string", "int", "int"],
  len: ["any"],
  not: ["any"],
  ne: ["any", "any"],
  lt: ["any", "any"],
  le: ["any", "any"],
  gt: ["any", "any"],
  ge: ["any", "any"],
};

/** Why an argument does not fit its parameter, in text/template's words, or undefined. */
export function mismatch(want: Param, a: Arg | undefined, v: unknown, raw: boolean): string | undefined {
  if (want === "any") return undefined;
  const literal = a?.kind === "num" || a?.kind === "bool" || a?.kind === "str";
  if (literal && want === "int" && a.kind !== "num") return `expected integer; found ${argText(a)}`;
  if (literal && want !== "int" && a.kind !== "str") return `expected string; found ${argText(a)}`;
  if (v === undefined || v === null) return `invalid value; expected ${want}`;
  const got = typeName(v);
  if (want === "string" && typeof v !== "string") return `wrong type for value; expected string; got ${got}`;
  if (want === "int" && !(typeof v === "number" && Number.isInteger(v)))
    return `wrong type for value; expected int; got ${got}`;
  // A raw JSON array is a []interface{}, which Go does not convert to []string.
  if (want === "[]string" && (!Array.isArray(v) || raw))
    return `wrong type for value; expected []string; got ${Array.isArray(v) ? "[]interface {}" : got}`;
  return undefined;
}

/** html, js and urlquery take any operands: one string as it is, others as fmt.Sprint joins them. */
export const ESCAPERS: Readonly<Record<string, (s: string) => string>> = {
  html: (s) => goHtml(s),
  js: (s) => goJs(s),
  urlquery: (s) => goUrlQuery(s),
};

/** text/template's html: HTMLEscapeString. */
export function goHtml(s: string): string {
  const map: Record<string, string> = {
    '"': "&#34;",
    "'": "&#39;",
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    "\0": "\uFFFD",
  };
  return s.replace(/["'&<>\0]/g, (c) => map[c]!);
}

/** text/template's js: JSEscapeString (quotes, backslash, <>&= and control characters escaped). */
export function goJs(s: string): string {
  const map: Record<string, string> = {
    "\\": "\\\\",
    "'": "\\'",
    '"': '\\"',
    "<": "\\u003C",
    ">": "\\u003E",
    "&": "\\u0026",
    "=": "\\u003D",
  };
  let out = "";
  for (const c of s) {
    const code = c.charCodeAt(0);
    out += map[c] ?? (code < 0x20 ? "\\u00" + code.toString(16).toUpperCase().padStart(2, "0") : c);
  }
  return out;
}

/** text/template's urlquery: url.QueryEscape (space as `+`, bytes outside A-Za-z0-9-_.~ as %XX). */
export function goUrlQuery(s: string): string {
  let out = "";
  for (const ch of s) {
    if (/^[A-Za-z0-9\-_.~]$/.test(ch)) out += ch;
    else if (ch === " ") out += "+";
    else for (const b of utf8Bytes(ch)) out += "%" + b.toString(16).toUpperCase().padStart(2, "0");
  }
  return out;
}
