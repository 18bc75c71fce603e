/**
 * The words before a command that set variables: `NAME=value`, `NAME+=value`,
 * `NAME[index]=value` (the subscript as typed, expansions and all).
 */
import type { Word, WordPart } from "./word.ts";

/** `NAME=value` before a command (or alone): a variable for the shell, or for that command only. */
export interface Assignment {
  readonly name: string;
  readonly value: Word;
  /** `NAME+=value`. */
  readonly append?: boolean;
  /** `NAME[index]=value`: the subscript as typed. */
  readonly index?: string;
  /** `NAME=(words)`: an array's elements. */
  readonly array?: readonly Word[];
  /** `NAME=(words)`'s elements as typed, which `set -x` shows. */
  readonly arrayText?: string;
}

const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)(?:\[([^\]]*)\])?(\+?)=/;

/** `NAME=value` when the word starts with an unquoted name and `=`. */
export function assignmentOf(parts: readonly WordPart[], typed = ""): Assignment | undefined {
  const first = parts[0];
  if (!first || first.k !== "lit" || first.q) return undefined;
  const m = ASSIGNMENT.exec(first.v);
  if (!m) return /^[A-Za-z_][A-Za-z0-9_]*\[[^\]]*$/.test(first.v) ? subscripted(parts, typed) : undefined;
  const rest = first.v.slice(m[0].length);
  const value: WordPart[] = rest === "" ? [] : [{ k: "lit", v: rest, q: false }];
  return {
    name: m[1]!,
    value: [...value, ...parts.slice(1)],
    ...(m[3] ? { append: true } : {}),
    ...(m[2] !== undefined ? { index: m[2] } : {}),
  };
}

/** `NAME[$key]=value`: a subscript with expansions in it, read from the word as typed; the value is what follows `]=`. */
function subscripted(parts: readonly WordPart[], typed: string): Assignment | undefined {
  const m = ASSIGNMENT.exec(typed);
  if (!m || m[2] === undefined) return undefined;
  for (let i = 1; i < parts.length; i++) {
    const p = parts[i]!;
    if (p.k !== "lit" || p.q) continue;
    const at = p.v.indexOf(m[3] ? "]+=" : "]=");
    if (at < 0) continue;
    const rest = p.v.slice(at + (m[3] ? 3 : 2));
    const value: WordPart[] = rest === "" ? [] : [{ k: "lit", v: rest, q: false }];
    return {
      name: m[1]!,
      value: [...value, ...parts.slice(i + 1)],
      index: m[2],
      ...(m[3] ? { append: true } : {}),
    };
  }
  return undefined;
}
