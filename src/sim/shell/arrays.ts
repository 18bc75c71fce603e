/**
 * bash's indexed arrays (`a=(x y)`, `a+=(z)`, `a[5]=v`, `${a[1]}`, `${a[@]}`, `${#a[@]}`,
 * `${!a[@]}`): kept in the session as index → value, sparse as bash keeps them. An
 * associative array (`declare -A m; m[web]=v`) is kept the same way, its name listed in
 * the session's `assoc`, its keys strings in the order they were set.
 */
import type { Assignment } from "./assignment.ts";
import type { Session } from "./command.ts";
import { arithmetic, expandWord, expandWords, type ExpandEnv } from "./expand.ts";
import { heredocWord, type Word } from "./word.ts";

export type ArrayValue = Readonly<Record<string, string>>;

/** The indexes in order, and the values in that order. */
export function arrayOf(session: Session, name: string): { keys: number[]; values: string[] } | undefined {
  const a = session.arrays?.[name];
  if (!a || isAssoc(session, name)) return undefined;
  const keys = Object.keys(a)
    .map(Number)
    .sort((x, y) => x - y);
  return { keys, values: keys.map((k) => a[String(k)]!) };
}

/** `name=(values)` or `name+=(values)`. */
export function assignArray(session: Session, name: string, values: readonly string[], append: boolean): Session {
  const old = append ? arrayOf(session, name) : undefined;
  const start = old && old.keys.length > 0 ? old.keys[old.keys.length - 1]! + 1 : 0;
  const next: Record<string, string> = append ? { ...session.arrays?.[name] } : {};
  values.slice(0, 4096).forEach((v, i) => (next[String(start + i)] = v));
  return { ...session, arrays: { ...session.arrays, [name]: next } };
}

/** `name[index]=value`; a negative index counts from the end. */
export function setElement(session: Session, name: string, index: number, value: string, append: boolean): Session {
  const cur = arrayOf(session, name);
  const at = index < 0 && cur && cur.keys.length > 0 ? cur.keys[cur.keys.length - 1]! + 1 + index : index;
  const key = String(Math.max(0, at));
  const next = { ...session.arrays?.[name] };
  next[key] = append ? (next[key] ?? "") + value : value;
  return { ...session, arrays: { ...session.arrays, [name]: next } };
}

/** The element at `index` (negative from the end), or undefined. */
export function elementOf(session: Session, name: string, index: number): string | undefined {
  const a = arrayOf(session, name);
  if (!a) return undefined;
  const at = index < 0 && a.keys.length > 0 ? a.keys[a.keys.length - 1]! + 1 + index : index;
  return session.arrays?.[name]?.[String(at)];
}

export function isAssoc(session: Session, name: string): boolean {
  return (session.assoc ?? []).includes(name);
}

/** `declare -A name`: an associative array, empty unless it was one already. */
export function declareAssoc(session: Session, name: string): Session {
  if (isAssoc(session, name)) return session;
  return { ...session, assoc: [...(session.assoc ?? []), name], arrays: { ...session.arrays, [name]: {} } };
}

/** An associative array's keys and values, in the order the keys were set. */
export function assocOf(session: Session, name: string): { keys: string[]; values: string[] } | undefined {
  const a = session.arrays?.[name];
  if (!a || !isAssoc(session, name)) return undefined;
  const keys = Object.keys(a);
  return { keys, values: keys.map((k) => a[k]!) };
}

/** `name[key]=value` on an associative array. */
export function setAssoc(session: Session, name: string, key: string, value: string, append: boolean): Session {
  const next = { ...session.arrays?.[name] };
  next[key] = append ? (next[key] ?? "") + value : value;
  return { ...session, arrays: { ...session.arrays, [name]: next } };
}

/** `unset 'name[key]'`: one element gone, the rest as they were. */
export function unsetElement(session: Session, name: string, key: string): Session {
  const a = session.arrays?.[name];
  if (!a || !Object.hasOwn(a, key)) return session;
  const { [key]: _, ...rest } = a;
  return { ...session, arrays: { ...session.arrays, [name]: rest } };
}

/** `unset name` of an array: the array and its kind gone. */
export function unsetArray(session: Session, name: string): Session {
  if (!session.arrays?.[name]) return session;
  const { [name]: _, ...arrays } = session.arrays;
  return { ...session, arrays, assoc: (session.assoc ?? []).filter((n) => n !== name) };
}

/** `NAME=(…)`, `NAME+=(…)` and `NAME[i]=v` before a command: they set the shell's arrays at once. */
export function assignElements(session: Session, a: Assignment, env: ExpandEnv): Session {
  const append = a.append === true;
  if (a.array && (isAssoc(session, a.name) || a.array.some((x) => keyedElement(x)))) return keyed(session, a, env);
  if (a.array) return assignArray(session, a.name, expandWords(a.array, env), append);
  if (a.index === undefined) return session;
  if (isAssoc(session, a.name))
    return setAssoc(session, a.name, expandWord(heredocWord(a.index), env), expandWord(a.value, env), append);
  const at = arithmetic(a.index, env);
  return at === "" ? session : setElement(session, a.name, Number(at), expandWord(a.value, env), append);
}

/**
 * What `NAME=value` or `NAME+=value` leaves in NAME: a `declare -i` name takes the value
 * as arithmetic (`k+=3` adds, `k=abc` reads the variable abc).
 */
export function assignedValue(a: Assignment, session: Session, env: ExpandEnv): string {
  const value = expandWord(a.value, env);
  const old = a.append ? (env.lookup(a.name) ?? "") : "";
  if (!(session.integers ?? []).includes(a.name)) return old + value;
  const v = arithmetic(a.append ? `${old || "0"} + (${value || "0"})` : value || "0", env);
  return v === "" ? "0" : v;
}

/** An element written `[key]=value`: its key as typed and the value's word. */
function keyedElement(word: Word): { key: string; value: Word } | undefined {
  const first = word[0];
  if (!first || first.k !== "lit" || first.q) return undefined;
  const m = /^\[([^\]]*)\]=/.exec(first.v);
  if (!m) return undefined;
  const rest = first.v.slice(m[0].length);
  return { key: m[1]!, value: [...(rest ? [{ ...first, v: rest }] : []), ...word.slice(1)] };
}

/**
 * `m=([web]=2024 [db]=5432)` and `a=([3]=x y)`: an associative array takes the keyed elements
 * (bash refuses the others), an indexed one goes on from the last index given.
 */
function keyed(session: Session, a: Assignment, env: ExpandEnv): Session {
  const assoc = isAssoc(session, a.name);
  let s = a.append
    ? session
    : assoc
      ? { ...session, arrays: { ...session.arrays, [a.name]: {} } }
      : unsetArray(session, a.name);
  const last = arrayOf(s, a.name)?.keys.at(-1);
  let at = last === undefined ? 0 : last + 1;
  for (const word of (a.array ?? []).slice(0, 4096)) {
    const k = keyedElement(word);
    if (assoc) {
      if (k) s = setAssoc(s, a.name, expandWord(heredocWord(k.key), env), expandWord(k.value, env), false);
      continue;
    }
    if (k) {
      const i = arithmetic(k.key, env);
      if (i === "") continue;
      at = Number(i);
    }
    s = setElement(s, a.name, at++, expandWord(k ? k.value : word, env), false);
  }
  return s;
}
