/**
 * Go values as `docker inspect -f` sees them: the CLI runs the template on the typed
 * API structs (types.ContainerJSON, NetworkResource, ImageInspect), so fmt's %v prints
 * a struct as `{v1 v2}` in field order (fields JSON leaves out included), a nil slice
 * as `[]`, a nil map as `map[]`, a nil pointer as `<nil>` and a non-nil pointer inside
 * a struct or map as an address. A typed view is built over the JSON the daemon sends,
 * from a Go type description; `{{json}}` still prints the JSON (each view's toJSON).
 */

import { formatGoDuration } from "./go-duration.ts";

export type GoType =
  | "s" // string, number, bool: printed as they are
  | "b" // a bool JSON may omit (omitempty): its zero is false
  | "i" // an int JSON may omit (omitempty): its zero is 0
  | "time" // time.Time: printed by its String method
  | "dur" // time.Duration: nanoseconds in JSON, printed by its String method (`1m30s`)
  | "empty" // struct{}
  | {
      readonly struct: readonly (readonly [string, GoType])[];
      /** JSON names whose Go field is spelt otherwise (`Dns` is HostConfig.DNS): a template cannot reach them. */
      readonly renamed?: readonly string[];
    }
  | { readonly ptr: GoType }
  | { readonly map: GoType; readonly key?: "named" }
  | { readonly slice: GoType };

/**
 * A pointer's address in %v: Go prints where the value lives, which differs from run to
 * run and which the lab cannot know; this is the first address of Go's heap arena on
 * amd64, what a small CLI process's first allocations typically get.
 */
export const GO_POINTER = "0xc000000000";

interface Tag {
  readonly type: GoType;
  /** Nil of a slice, map or pointer (a sentinel object standing for JSON's null). */
  readonly nil?: boolean;
}

const TAGS = new WeakMap<object, Tag>();
const RENAMED = new WeakMap<object, ReadonlySet<string>>();

/**
 * Whether key is a typed struct's JSON name for a Go field named otherwise: the template
 * fails on it, and the CLI then runs the template again on the raw JSON.
 */
export function isRenamedField(v: unknown, key: string): boolean {
  return v !== null && typeof v === "object" && RENAMED.get(v)?.has(key) === true;
}

function tagOf(v: unknown): Tag | undefined {
  return v !== null && typeof v === "object" ? TAGS.get(v) : undefined;
}

function nilOf(type: GoType): object {
  const o = {};
  Object.defineProperty(o, "toJSON", { value: () => null });
  TAGS.set(o, { type, nil: true });
  return Object.freeze(o);
}

/**
 * Whether v is a typed map whose key is a named string type (nat.Port): `index` with a
 * string key fails on it ("value has type string; should be nat.Port"), and the CLI then
 * runs the template again on the raw JSON.
 */
export function hasNamedKey(v: unknown): boolean {
  const t = tagOf(v)?.type;
  return t !== undefined && typeof t === "object" && "map" in t && t.key === "named";
}

/** Whether v is a typed map: a key it lacks gives Go's zero Value (`<no value>`), not an error. */
export function isTypedMap(v: unknown): boolean {
  const t = tagOf(v)?.type;
  return t !== undefined && typeof t === "object" && "map" in t;
}

/**
 * What Go's `index` gives for a key a typed map lacks: its element type's zero (`""` for
 * map[string]string, a nil pointer for map[string]*EndpointSettings); undefined when v is
 * not a typed map.
 */
export function mapZero(v: unknown): unknown {
  const t = tagOf(v)?.type;
  return t !== undefined && typeof t === "object" && "map" in t ? zero(t.map) : undefined;
}

/** Whether v is a typed nil slice (`index` on it is out of range, not untyped nil). */
export function isNilSlice(v: unknown): boolean {
  const tag = tagOf(v);
  return tag?.nil === true && typeof tag.type === "object" && "slice" in tag.type;
}

/** Whether v is a non-nil pointer to a struct: fmt's %v prints it `&{…}` when handed it directly. */
export function isStructPtr(v: unknown): boolean {
  const tag = tagOf(v);
  if (tag === undefined || tag.nil || typeof tag.type !== "object" || !("ptr" in tag.type)) return false;
  const to = tag.type.ptr;
  return typeof to === "object" && "struct" in to;
}

/** Whether v is a view typed() built (not decoded JSON). */
export function isTypedView(v: unknown): boolean {
  return tagOf(v) !== undefined;
}

/** The daemon's JSON under a typed view, decoded as the CLI's raw fallback decodes it (maps and slices of interface{}). */
export function rawOf(v: unknown): unknown {
  return JSON.parse(JSON.stringify(v ?? null)) as unknown;
}

/** Whether v is a typed nil (a slice, map or pointer): falsy, empty, `<nil>`, `[]` or `map[]`. */
export function isGoNil(v: unknown): boolean {
  return tagOf(v)?.nil === true;
}

type Fields = readonly (readonly [string, GoType])[];

/**
 * A struct's field names and types by name, made once per struct description: `docker
 * inspect` types the whole container for every format it renders.
 */
const STRUCTS = new WeakMap<
  Fields,
  { readonly names: readonly string[]; readonly types: ReadonlyMap<string, GoType> }
>();

function structOf(fields: Fields): { readonly names: readonly string[]; readonly types: ReadonlyMap<string, GoType> } {
  let s = STRUCTS.get(fields);
  if (s === undefined) {
    const types = new Map(fields.map(([n, t]) => [n, t]));
    STRUCTS.set(fields, (s = { names: [...types.keys()], types }));
  }
  return s;
}

function fieldOrder(json: Record<string, unknown>, fields: Fields): readonly string[] {
  // A struct described in full prints in its Go order; one described in part keeps JSON's
  // order (which is Go's), with the fields JSON omits (omitempty) put back after their predecessor.
  const { names, types } = structOf(fields);
  if (Object.keys(json).every((k) => types.has(k))) return names;
  const order = Object.keys(json);
  let prev: string | undefined;
  for (const [name] of fields) {
    if (!order.includes(name)) order.splice(prev === undefined ? 0 : order.indexOf(prev) + 1, 0, name);
    prev = name;
  }
  return order;
}

function zero(type: GoType): unknown {
  if (type === "s") return "";
  if (type === "b") return false;
  if (type === "i") return 0;
  if (type === "time") return "0001-01-01T00:00:00Z";
  if (type === "dur") return new GoDuration(0);
  if (type === "empty") return typed({}, type);
  if ("struct" in type) return typed({}, type);
  return nilOf(type);
}

/** Infers what the daemon's untyped leftovers are: Docker's nullable fields are mostly slices. */
function inferred(v: unknown): GoType {
  if (v === null) return { slice: "s" };
  if (Array.isArray(v)) return { slice: v.length ? inferred(v[0]) : "s" };
  if (typeof v === "object") return { map: "s" };
  return "s";
}

/**
 * Sets o[k] to the typed view of x. A struct, map, slice or pointer is typed when first
 * read: a template reads a few fields of a container whose typed whole is hundreds of
 * objects, and `docker inspect -f` builds a view for every container it prints.
 */
function put(o: Record<string, unknown>, k: string, x: unknown, type: GoType): void {
  if (typeof type === "string" && type !== "empty") {
    o[k] = typed(x, type);
    return;
  }
  Object.defineProperty(o, k, {
    get() {
      const v = typed(x, type);
      Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
      return v;
    },
    enumerable: true,
    configurable: true,
  });
}

/** The typed view of a JSON value. */
export function typed(json: unknown, type: GoType): unknown {
  if (json === undefined) return zero(type);
  if (type === "s" || type === "b" || type === "i" || type === "time" || type === "dur") {
    if (json === null) return "<nil>";
    if (type === "dur" && typeof json === "number") return new GoDuration(json);
    return type === "time" && typeof json === "string" ? new GoTime(json) : json;
  }
  if (json === null) return type === "empty" ? typed({}, type) : nilOf(type);
  if (typeof json !== "object") return json;
  let out: object;
  if (type === "empty") {
    out = {};
  } else if ("ptr" in type) {
    const v = typed(json, type.ptr);
    if (v !== null && typeof v === "object" && TAGS.has(v)) {
      TAGS.set(v, { type });
    }
    return v;
  } else if ("slice" in type) {
    if (!Array.isArray(json)) return json;
    out = json.map((x) => typed(x, type.slice));
  } else if ("map" in type) {
    const m: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(json as Record<string, unknown>)) put(m, k, x, type.map);
    out = m;
  } else {
    const src = json as Record<string, unknown>;
    const { types } = structOf(type.struct);
    const s: Record<string, unknown> = {};
    for (const k of fieldOrder(src, type.struct)) put(s, k, src[k], types.get(k) ?? inferred(src[k]));
    if (type.renamed) RENAMED.set(s, new Set(type.renamed));
    out = s;
  }
  Object.defineProperty(out, "toJSON", { value: () => json });
  TAGS.set(out, { type });
  return out;
}

/** A time.Time from its RFC 3339 text; fmt prints it as time.Time's String does. */
export class GoTime {
  constructor(readonly rfc3339: string) {}
  toJSON(): string {
    return this.rfc3339;
  }
  toString(): string {
    const m = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)(\.\d+)?Z$/.exec(this.rfc3339);
    if (!m) return this.rfc3339;
    return `${m[1]} ${m[2]}${m[3] ?? ""} +0000 UTC`;
  }
}

/** A time.Duration (nanoseconds); fmt prints it as Duration's String does, json as the number. */
export class GoDuration {
  constructor(readonly ns: number) {}
  toJSON(): number {
    return this.ns;
  }
  toString(): string {
    return formatGoDuration(this.ns);
  }
}

function kindOf(t: GoType): "struct" | "ptr" | "map" | "slice" | "other" {
  if (typeof t === "string") return t === "empty" ? "struct" : "other";
  return "struct" in t ? "struct" : "ptr" in t ? "ptr" : "map" in t ? "map" : "slice";
}

/**
 * fmt's %v. `top`: the value text/template prints, whose pointer it follows first;
 * a pointer met inside a struct, map or slice prints as its address.
 */
export function goPrint(v: unknown, top = true): string {
  if (v === null || v === undefined) return "<nil>";
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (v instanceof GoTime || v instanceof GoDuration) return v.toString();
  const tag = tagOf(v);
  const kind = tag ? kindOf(tag.type) : undefined;
  if (tag?.nil) return kind === "slice" ? "[]" : kind === "map" ? "map[]" : "<nil>";
  if (kind === "ptr" && !top) return GO_POINTER;
  if (Array.isArray(v)) return `[${v.map((x) => goPrint(x, false)).join(" ")}]`;
  if (typeof v === "object") {
    const o = v as Record<string, unknown>;
    if (kind === "struct" || kind === "ptr")
      return `{${Object.keys(o)
        .map((k) => goPrint(o[k], false))
        .join(" ")}}`;
    const keys = Object.keys(o).sort();
    return `map[${keys.map((k) => `${k}:${goPrint(o[k], false)}`).join(" ")}]`;
  }
  return typeof v === "bigint" ? v.toString() : "";
}
