/**
 * A small Go text/template, as `docker ... --format` evaluates it: fields
 * (`.A.B`), variables, `range` (with `$k, $v :=`), `if`/`else`, `with`, `end`, and
 * the functions Docker adds or Go provides (json, index, printf, len, join, upper,
 * lower, title, split, println). Data is plain JSON-like values; object key order is
 * the Go struct's field order, which `json` keeps. Errors read as Go's do.
 */
import { LIMITS } from "../limits.ts";
import { parseTemplate, TemplateError, type Arg, type Node, type Parsed, type Pipe } from "./template-parse.ts";
import {
  goPrint,
  GoTime,
  hasNamedKey,
  isGoNil,
  isNilSlice,
  isRenamedField,
  isStructPtr,
  isTypedMap,
  mapZero,
} from "./go-value.ts";
import {
  argText,
  CallError,
  ESCAPERS,
  goEq,
  goLt,
  goSprint,
  goSprintf,
  mismatch,
  SIGNATURES,
  typeName,
  utf8Bytes,
} from "./template-funcs.ts";

export { parseTemplate, TemplateError };

export type TemplateValue = unknown;

/** A Go `struct{}` in a typed view (a PortSet's values): fmt prints it `{}`, json `{}`. */
export const EMPTY_STRUCT: Readonly<Record<string, never>> = Object.freeze({});

/** Go's %v of a value: decoded JSON prints as interface{} values do, typed views (go-value.ts) as their Go types. */
export function goString(v: TemplateValue): string {
  if (v === EMPTY_STRUCT) return "{}";
  return goPrint(v);
}

/** encoding/json's output: compact, with <, > and & escaped as Go escapes them. */
export function goJson(v: TemplateValue): string {
  return JSON.stringify(v ?? null)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026");
}

function truthy(v: TemplateValue): boolean {
  if (isGoNil(v)) return false;
  if (v === null || v === undefined || v === false || v === 0 || v === "") return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === "object") return Object.keys(v).length > 0;
  return true;
}

/** `{{break}}` and `{{continue}}`, unwinding to their range. */
class LoopControl extends Error {
  constructor(readonly kind: "break" | "continue") {
    super(kind);
  }
}

interface Scope {
  readonly dot: TemplateValue;
  readonly vars: Record<string, TemplateValue>;
}

const MAX_STEPS = LIMITS.maxOutputLines * 4;

export interface TemplateOptions {
  /** Data is JSON decoded into interface{} values, as the inspect CLI's fallback decodes it. */
  readonly raw?: boolean;
  /** The CLI's Go names both kinds in a failed comparison (Go 1.24: CLI 28). */
  readonly comparisonTypes?: boolean;
  /** The template's name, which Go puts in an execution error (`template: version:1:9: executing "version"`). */
  readonly name?: string;
}

export function executeTemplate(parsed: Parsed, data: TemplateValue, src: string, opts: TemplateOptions = {}): string {
  const raw = opts.raw === true;
  let out = "";
  let steps = 0;
  const ctxAt = (pos: number, what: string) => {
    const line = 1 + (src.slice(0, pos).match(/\n/g)?.length ?? 0);
    const col = pos - (src.lastIndexOf("\n", pos - 1) + 1);
    const name = opts.name ?? "";
    return `template: ${name}:${line}:${col}: executing "${name}" at <${what}>`;
  };
  const field = (base: TemplateValue, path: string[], pos: number, label: string): TemplateValue => {
    let v = base;
    for (const key of path) {
      if (v === undefined || (isGoNil(v) && isTypedMap(v))) return undefined;
      // A value decoded from JSON sits in an interface{}: Go names that type, not the value's.
      const type = raw ? "interface {}" : typeName(v);
      if (v === null || (isGoNil(v) && !isNilSlice(v)))
        throw new TemplateError(`${ctxAt(pos, label)}: nil pointer evaluating ${type}.${key}`, false);
      if (typeof v !== "object" || Array.isArray(v) || isGoNil(v) || v instanceof GoTime) {
        throw new TemplateError(`${ctxAt(pos, label)}: can't evaluate field ${key} in type ${type}`, false);
      }
      // A map keyed by a named type (nat.Port) has no entries a field name can reach.
      if (isRenamedField(v, key) || hasNamedKey(v))
        throw new TemplateError(`${ctxAt(pos, label)}: can't evaluate field ${key} in type struct`, false);
      if (!Object.hasOwn(v, key) && isTypedMap(v)) return undefined;
      if (!Object.hasOwn(v, key))
        throw new TemplateError(`${ctxAt(pos, label)}: map has no entry for key "${key}"`, false);
      v = (v as Record<string, unknown>)[key];
    }
    return v;
  };
  // The node Go's state last stood at (s.at): the arguments of a call move it, and an error
  // met after the call, outside any node of its own, names the last of them.
  let at = { pos: 0, text: "" };
  const evalArg = (a: Arg, scope: Scope, piped: TemplateValue[]): TemplateValue => {
    if (a.kind !== "sub") at = { pos: a.pos, text: argText(a) };
    switch (a.kind) {
      case "str":
      case "num":
      case "bool":
        return a.value;
      case "nil":
        return null;
      case "field":
        if (a.base !== undefined) {
          const v = evalPipe(JSON.parse(a.base) as Pipe, scope);
          // A pipeline's nil interface{} is dug down to an invalid value, which a field of the
          // chain meets as missing data (the raw view's missingkey=error), not as a nil pointer.
          if (raw && (v === null || v === undefined))
            throw new TemplateError(`${ctxAt(at.pos, at.text)}: nil data; no entry for key "${a.path[0]}"`, false);
          return field(v, a.path, a.pos, "." + a.path.join("."));
        }
        return field(scope.dot, a.path, a.pos, a.path.length ? "." + a.path.join(".") : ".");
      case "var": {
        if (!Object.hasOwn(scope.vars, a.name)) throw new TemplateError(`undefined variable "${a.name}"`, true);
        return field(scope.vars[a.name], a.path, a.pos, [a.name, ...a.path].join("."));
      }
      case "sub":
        return evalPipe(a.pipe, scope);
      case "ident":
        return callFn(a.name, [], scope, piped, a.pos);
    }
  };
  const callFn = (name: string, args: Arg[], scope: Scope, piped: TemplateValue[], pos: number): TemplateValue => {
    // Go names a failed call by its command as written: `<index .Config.Env 0>`.
    const callText = [name, ...args.map(argText)].join(" ");
    const sig = SIGNATURES[name];
    if (sig !== undefined && args.length + piped.length !== sig.length)
      throw new TemplateError(
        `${ctxAt(pos, name)}: wrong number of args for ${name}: want ${sig.length} got ${args.length + piped.length}`,
        false,
      );
    const vals = [...args.map((x) => evalArg(x, scope, [])), ...piped];
    if (sig !== undefined) {
      sig.forEach((want, i) => {
        const a = args[i];
        const why = mismatch(want, a, vals[i], raw);
        if (why !== undefined) {
          const at = a && "pos" in a ? a : { pos };
          throw new TemplateError(`${ctxAt(at.pos, a ? argText(a) : name)}: ${why}`, false);
        }
      });
    }
    try {
      return builtin(name, vals, callText, pos);
    } catch (e) {
      if (e instanceof CallError) {
        const why = opts.comparisonTypes && e.types ? `${e.message}: ${e.types}` : e.message;
        throw new TemplateError(`${ctxAt(pos, callText)}: error calling ${name}: ${why}`, false);
      }
      throw e;
    }
  };
  const builtin = (name: string, vals: TemplateValue[], callText: string, pos: number): TemplateValue => {
    switch (name) {
      case "json":
        // Docker's template `json` encodes with SetEscapeHTML(false), unlike `--format json`.
        return JSON.stringify(vals[0] ?? null);
      case "index": {
        let v = vals[0];
        const fail = (why: string) => new TemplateError(`${ctxAt(pos, callText)}: error calling index: ${why}`, false);
        for (const [i, k] of vals.slice(1).entries()) {
          // JSON's null handed to index is Go's untyped nil; met after a step (a raw map's missing
          // entry, an interface{} holding nil) it is a nil one. A typed nil slice has no elements.
          if (v === null || v === undefined) throw fail(i === 0 ? "index of untyped nil" : "index of nil pointer");
          if (isNilSlice(v)) throw fail(`index out of range: ${Number(k)}`);
          if (typeof v === "string") {
            // A string indexes to its byte, a uint8 that prints as a number.
            const bytes = utf8Bytes(v);
            const idx = Number(k);
            if (typeof k !== "number" || !(idx >= 0 && idx < bytes.length)) throw fail(`index out of range: ${idx}`);
            v = bytes[idx];
          } else if (typeof v !== "object" || v instanceof GoTime) {
            throw fail(`can't index item of type ${typeName(v)}`);
          } else if (Array.isArray(v)) {
            const idx = Number(k);
            if (!(idx >= 0 && idx < v.length)) throw fail(`index out of range: ${idx}`);
            v = v[idx];
          } else {
            if (hasNamedKey(v)) throw fail(`value has type ${typeName(k)}; should be nat.Port`);
            if (typeof k !== "string") throw fail(`value has type ${typeName(k)}; should be string`);
            // A missing key gives the map's zero element: a typed map's (`""`, a nil pointer), or nil for raw JSON's.
            const m = v as Record<string, unknown>;
            const key = goString(k);
            if (isGoNil(v) || !Object.hasOwn(m, key)) v = isTypedMap(v) ? mapZero(v) : null;
            else v = m[key];
          }
        }
        return v;
      }
      case "printf":
        // A template prints a pointer's struct; fmt, handed the pointer, marks it with `&`.
        return goSprintf(goString(vals[0] ?? ""), vals.slice(1), (v) => (isStructPtr(v) ? "&" : "") + goString(v));
      case "print":
        return goSprint(vals, goString);
      case "println":
        return vals.map(goString).join(" ") + "\n";
      case "len": {
        const v = vals[0];
        if (Array.isArray(v) || typeof v === "string") return v.length;
        if (isGoNil(v)) return 0;
        if (v === null || v === undefined) throw new CallError("len of nil pointer");
        if (typeof v === "object" && !(v instanceof GoTime)) return Object.keys(v).length;
        throw new CallError(`len of type ${typeName(v)}`);
      }
      case "slice": {
        const v = vals[0];
        if (typeof v !== "string" && !Array.isArray(v)) throw new CallError(`can't slice item of type ${typeName(v)}`);
        const [from = 0, to = v.length] = vals.slice(1).map(Number);
        if (from < 0 || from > v.length) throw new CallError(`index out of range: ${from}`);
        if (to < from || to > v.length) throw new CallError(`index out of range: ${to}`);
        return v.slice(from, to);
      }
      case "join":
        return (vals[0] as unknown[]).map(goString).join(goString(vals[1]));
      case "html":
      case "js":
      case "urlquery":
        return ESCAPERS[name]!(vals.length === 1 && typeof vals[0] === "string" ? vals[0] : goSprint(vals, goString));
      case "upper":
        return goString(vals[0]).toUpperCase();
      case "lower":
        return goString(vals[0]).toLowerCase();
      case "title":
        return goString(vals[0]).replace(/\b\w/g, (c) => c.toUpperCase());
      case "split":
        return goString(vals[0]).split(goString(vals[1] ?? ""));
      case "truncate":
        return goString(vals[0]).slice(0, Number(vals[1]));
      case "pad":
        return " ".repeat(Number(vals[1])) + goString(vals[0]) + " ".repeat(Number(vals[2]));
      case "not":
        return !truthy(vals[0]);
      case "eq":
        if (vals.length < 2) throw new CallError("missing argument for comparison");
        return vals.slice(1).some((x) => goEq(vals[0], x));
      case "ne":
        return !goEq(vals[0], vals[1]);
      case "lt":
        return goLt(vals[0], vals[1]);
      case "le":
        return goLt(vals[0], vals[1]) || goEq(vals[0], vals[1]);
      case "gt":
        return !(goLt(vals[0], vals[1]) || goEq(vals[0], vals[1]));
      case "ge":
        return !goLt(vals[0], vals[1]);
      case "and":
        return vals.every(truthy) ? vals[vals.length - 1] : vals.find((x) => !truthy(x));
      case "or":
        return vals.find(truthy) ?? vals[vals.length - 1];
      default:
        throw new TemplateError(`function "${name}" not defined`, true);
    }
  };
  const evalPipe = (pipe: Pipe, scope: Scope): TemplateValue => {
    let piped: TemplateValue[] = [];
    let value: TemplateValue;
    for (const cmd of pipe.cmds) {
      const [first, ...rest] = cmd.args;
      if (first?.kind === "nil") throw new TemplateError(`${ctxAt(first.pos, "nil")}: nil is not a command`, false);
      if (first && first.kind === "ident") value = callFn(first.name, rest, scope, piped, first.pos);
      else if (first) {
        value = evalArg(first, scope, piped);
        // A method of the row (`{{.Label "env"}}` in `network ls`): a function called with its arguments.
        if (typeof value === "function")
          value = (value as (...a: TemplateValue[]) => TemplateValue)(
            ...rest.map((x) => evalArg(x, scope, [])),
            ...piped,
          );
      }
      piped = [value];
    }
    if (pipe.decl.length === 1) scope.vars[pipe.decl[0]!] = value;
    return value;
  };
  const run = (nodes: Node[], scope: Scope) => {
    for (const node of nodes) {
      if (++steps > MAX_STEPS) throw new TemplateError("template: too many steps", false);
      if (node.kind === "text") out += node.text;
      else if (node.kind === "break" || node.kind === "continue") throw new LoopControl(node.kind);
      else if (node.kind === "action") {
        const v = evalPipe(node.pipe, scope);
        // A nil interface (raw JSON's null, a raw map's missing entry) prints as no value at all.
        if (node.pipe.decl.length === 0) out += v === undefined || v === null ? "<no value>" : goString(v);
      } else if (node.kind === "if" || node.kind === "with") {
        const v = evalPipe(node.pipe, scope);
        if (truthy(v)) run(node.body, node.kind === "with" ? { dot: v, vars: scope.vars } : scope);
        else run(node.elseBody, scope);
      } else {
        const v0 = evalPipe(node.pipe, scope);
        const v = isGoNil(v0) ? null : v0;
        const count = typeof v === "number" && Number.isInteger(v) ? Math.min(Math.max(v, 0), MAX_STEPS) : undefined;
        if (v !== null && v !== undefined && typeof v !== "object" && count === undefined) {
          const last = node.pipe.cmds[node.pipe.cmds.length - 1]!.args[0];
          const at = last && "pos" in last ? last : { pos: node.pos };
          const what = last ? argText(last) : "range";
          throw new TemplateError(`${ctxAt(at.pos, what)}: range can't iterate over ${goString(v)}`, false);
        }
        // Go 1.22's range over an int counts from 0; a single variable takes the count.
        const entries: [TemplateValue, TemplateValue][] =
          count !== undefined
            ? Array.from({ length: count }, (_x, i) => [i, i])
            : Array.isArray(v)
              ? v.map((x, idx) => [idx, x])
              : v && typeof v === "object"
                ? Object.keys(v)
                    .sort()
                    .map((k) => [k, (v as Record<string, unknown>)[k]])
                : [];
        if (entries.length === 0) run(node.elseBody, scope);
        for (const [k, x] of entries) {
          const vars = { ...scope.vars };
          if (node.vars.length === 1) vars[node.vars[0]!] = x;
          if (node.vars.length === 2) {
            vars[node.vars[0]!] = k;
            vars[node.vars[1]!] = x;
          }
          try {
            run(node.body, { dot: x, vars });
          } catch (e) {
            if (!(e instanceof LoopControl)) throw e;
            if (e.kind === "break") break;
          }
        }
      }
    }
  };
  try {
    run(parsed.nodes, { dot: data, vars: { $: data } });
  } catch (e) {
    if (e instanceof TemplateError) e.partial = out;
    throw e;
  }
  return out;
}

/** Parses and runs; errors come back as values carrying Go's wording. */
/** Parsed templates by source: `docker ps --format` renders one template once per row. */
const PARSED = new Map<string, ReturnType<typeof parseTemplate>>();

function parsedTemplate(src: string): ReturnType<typeof parseTemplate> {
  let t = PARSED.get(src);
  if (t === undefined) {
    t = parseTemplate(src); // a parse error throws, and is not kept
    if (PARSED.size >= 64) PARSED.clear();
    PARSED.set(src, t);
  }
  return t;
}

export function renderTemplate(
  src: string,
  data: TemplateValue,
  opts: TemplateOptions = {},
): { ok: true; text: string } | { ok: false; error: string; parse: boolean; partial?: string } {
  try {
    return { ok: true, text: executeTemplate(parsedTemplate(src), data, src, opts) };
  } catch (e) {
    if (e instanceof TemplateError) {
      const error = e.parse ? `template: :1: ${e.message}` : e.message;
      return { ok: false, parse: e.parse, error, ...(e.partial ? { partial: e.partial } : {}) };
    }
    throw e;
  }
}
