/**
 * bash's indexed arrays (`a=(x y)`, `a+=(z)`, `a[5]=v`, `${a[1]}`, `${a[@]}`, `${#a[@]}`,
 * `${!a[@]}`): kept in the session as index → value, sparse as bash keeps them.
 */
import type { Session } from "./command.ts";

export type ArrayValue = Readonly<Record<string, string>>;

/** The indexes in order, and the values in that order. */
export function arrayOf(session: Session, name: string): { keys: number[]; values: string[] } | undefined {
  const a = session.arrays?.[name];
  if (!a) return undefined;
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
