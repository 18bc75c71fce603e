/**
 * daemon.json as dockerd reads it (daemon/config's getConflictFreeConfiguration): the
 * whole file must be valid JSON (Go's encoding/json scanner and its words), then every
 * key must be one the daemon knows, then each value must fit its field. The words are
 * what `dockerd --validate` prints and what keeps a restarted daemon from starting.
 */
import { DAEMON_FLAG_KEYS_26, FLAT_DAEMON_KEYS } from "./daemon-keys.ts";
import type { DriverProfile } from "./engine/profile.ts";

/** Go's quoteChar: a byte as the scanner names it in an error. */
function quoteChar(c: string): string {
  if (c === "'") return "'\\''";
  if (c === '"') return "'\"'";
  const json = JSON.stringify(c).slice(1, -1);
  const code = c.charCodeAt(0);
  const s = code < 0x20 && !/^\\[nrtbf]$/.test(json) ? `\\x${code.toString(16).padStart(2, "0")}` : json;
  return `'${s}'`;
}

class SyntaxErr extends Error {}

/** encoding/json's checkValid: the first syntax error in Go's words, or undefined. */
export function goJsonSyntaxError(text: string): string | undefined {
  let i = 0;
  const fail = (what: string): never => {
    if (i >= text.length) throw new SyntaxErr("unexpected end of JSON input");
    throw new SyntaxErr(`invalid character ${quoteChar(text[i]!)} ${what}`);
  };
  const space = () => {
    while (i < text.length && " \t\r\n".includes(text[i]!)) i++;
  };
  const literal = (word: string) => {
    for (let k = 1; k < word.length; k++) {
      i++;
      if (text[i] !== word[k]) fail(`in literal ${word} (expecting ${quoteChar(word[k]!)})`);
    }
    i++;
  };
  const digits = () => {
    while (i < text.length && /[0-9]/.test(text[i]!)) i++;
  };
  const number = () => {
    if (text[i] === "-") {
      i++;
      if (!/[0-9]/.test(text[i] ?? "")) fail("in numeric literal");
    }
    if (text[i] === "0") i++;
    else digits();
    if (text[i] === ".") {
      i++;
      if (!/[0-9]/.test(text[i] ?? "")) fail("after decimal point in numeric literal");
      digits();
    }
    if (text[i] === "e" || text[i] === "E") {
      i++;
      if (text[i] === "+" || text[i] === "-") i++;
      if (!/[0-9]/.test(text[i] ?? "")) fail("in exponent of numeric literal");
      digits();
    }
  };
  const string = () => {
    i++;
    for (;;) {
      if (i >= text.length) fail("");
      const c = text[i]!;
      if (c === '"') return void i++;
      if (c < " ") fail("in string literal");
      if (c === "\\") {
        i++;
        if (text[i] === "u") {
          for (let k = 0; k < 4; k++) {
            i++;
            if (!/[0-9a-fA-F]/.test(text[i] ?? "")) fail("in \\u hexadecimal character escape");
          }
        } else if (!'bfnrt\\/"'.includes(text[i] ?? "x")) fail("in string escape code");
      }
      i++;
    }
  };
  const value = (): void => {
    space();
    const c = text[i];
    if (c === "{") {
      i++;
      space();
      if (text[i] === "}") return void i++;
      for (;;) {
        if (text[i] !== '"') fail("looking for beginning of object key string");
        string();
        space();
        if (text[i] !== ":") fail("after object key");
        i++;
        value();
        space();
        if (text[i] === "}") return void i++;
        if (text[i] !== ",") fail("after object key:value pair");
        i++;
        space();
      }
    }
    if (c === "[") {
      i++;
      space();
      if (text[i] === "]") return void i++;
      for (;;) {
        value();
        space();
        if (text[i] === "]") return void i++;
        if (text[i] !== ",") fail("after array element");
        i++;
      }
    }
    if (c === '"') return string();
    if (c === "t" || c === "f" || c === "n") return literal(c === "t" ? "true" : c === "f" ? "false" : "null");
    if (c === "-" || (c !== undefined && /[0-9]/.test(c))) return number();
    fail("looking for beginning of value");
  };
  try {
    value();
    space();
    if (i < text.length) fail("after top-level value");
    return undefined;
  } catch (e) {
    if (e instanceof SyntaxErr) return e.message;
    throw e;
  }
}

/** The keys whose Go type the lab checks (the bridge's; 28's two are unknown to 26 before this). */
const TYPED_KEYS: readonly (readonly [string, "bool" | "int"])[] = [
  ...["iptables", "ip6tables", "ip-forward", "ip-masq", "userland-proxy", "icc", "ipv6"].map(
    (k) => [k, "bool"] as const,
  ),
  ["allow-direct-routing", "bool"],
  ["ip-forward-no-drop", "bool"],
  ["mtu", "int"],
];

/** The keys dockerd checks: an object's own keys stand in for it unless it is kept whole (configValuesSet). */
function flatKeys(o: Record<string, unknown>, depth = 0): string[] {
  return Object.entries(o).flatMap(([k, v]) =>
    v !== null && typeof v === "object" && !Array.isArray(v) && !FLAT_DAEMON_KEYS.includes(k) && depth < 8
      ? flatKeys(v as Record<string, unknown>, depth + 1)
      : [k],
  );
}

function goType(v: unknown): string {
  if (typeof v === "string") return "string";
  if (typeof v === "number") return "number";
  if (Array.isArray(v)) return "array";
  return "object";
}

export type DaemonJson =
  { readonly ok: true; readonly value: Record<string, unknown> } | { readonly ok: false; readonly error: string };

/** daemon.json's text as the engine's dockerd reads it: its object, or why it will not start. */
export function readDaemonJson(text: string, driver: DriverProfile): DaemonJson {
  if (text.trim() === "") return { ok: true, value: {} };
  const prefix = driver.daemonJson.decodePrefix;
  const syntax = goJsonSyntaxError(text);
  if (syntax !== undefined) return { ok: false, error: prefix + syntax };
  const parsed: unknown = JSON.parse(text);
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed))
    return {
      ok: false,
      error: `${prefix}json: cannot unmarshal ${goType(parsed)} into Go value of type map[string]interface {}`,
    };
  const o = parsed as Record<string, unknown>;
  // dockerd lists several in Go's map order, which varies from run to run; the lab keeps the file's order.
  const known = new Set([...DAEMON_FLAG_KEYS_26, ...driver.addedDaemonKeys]);
  const unknown = flatKeys(o).filter((k) => !known.has(k));
  if (unknown.length > 0)
    return { ok: false, error: `the following directives don't match any configuration option: ${unknown.join(", ")}` };
  for (const [key, goKind] of TYPED_KEYS) {
    const v = o[key];
    const fits = goKind === "bool" ? typeof v === "boolean" : typeof v === "number";
    if (v !== undefined && v !== null && !fits)
      return {
        ok: false,
        error: `${prefix}json: cannot unmarshal ${goType(v)} into Go struct field ${driver.daemonJson.fieldPath(key)} of type ${goKind}`,
      };
  }
  return { ok: true, value: o };
}
