/** The redirections a simple command carries, as parse.ts reads them. */
import type { Token } from "./lex.ts";
import { isExpanding, type Word } from "./word.ts";

export type Redirect =
  /** `N> path` or `N>> path` (N is 1 or 2); `&> path` is two of these, 1 then 2>&1. `word` when the path has expansions. */
  | { readonly fd: 1 | 2; readonly op: ">" | ">>"; readonly path: string; readonly word?: Word }
  /** `N>&M`: fd N writes wherever fd M writes now. */
  | { readonly fd: 1 | 2; readonly op: "dup"; readonly to: 1 | 2 }
  | { readonly fd: 0; readonly op: "<"; readonly path: string; readonly word?: Word }
  /** A here-document or here-string: its text is the command's stdin. */
  | { readonly fd: 0; readonly op: "<<"; readonly text: string; readonly word?: Word }
  /** `N<>path`, and `N>`, `N>>`, `N<` for a descriptor above 2: fd N opened on path. */
  | { readonly fd: number; readonly op: "open"; readonly mode: FdMode; readonly path: string; readonly word?: Word }
  /** `N>&M` where either is above 2: fd N goes wherever M goes now. */
  | { readonly fd: number; readonly op: "dupfd"; readonly to: number }
  /** `N>&-` for a descriptor above 2. */
  | { readonly fd: number; readonly op: "close" }
  /** `<&word` or `N>&word` (N not 1) whose word is no number: bash refuses it as it runs, not as it parses. */
  | { readonly fd: number; readonly op: "ambiguous"; readonly word: string };

export type FdMode = "<" | ">" | ">>" | "<>";

export function isFd(n: number | undefined): n is 0 | 1 | 2 | undefined {
  return n === undefined || n === 0 || n === 1 || n === 2;
}

/** `N<>path`, or a redirection of a descriptor above 2 (here-documents there are read and dropped). */
export function fdRedirect(fd: number, v: string, target: Token & { kind: "word" }): Redirect | undefined {
  const word = isExpanding(target.parts) ? { word: target.parts } : {};
  if (v === "<" || v === ">" || v === ">>" || v === "<>")
    return { fd, op: "open", mode: v, path: target.value, ...word };
  if (v !== ">&" && v !== "<&") return undefined;
  if (target.value === "-") return { fd, op: "close" };
  if (/^\d+$/.test(target.value)) return { fd, op: "dupfd", to: Number(target.value) };
  return isExpanding(target.parts) ? undefined : { fd, op: "ambiguous", word: target.value };
}
