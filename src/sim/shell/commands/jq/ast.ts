/** jq programs as trees: what the parser (parse.ts, terms.ts) builds and the evaluator (eval.ts) walks. */
import type { J } from "./json.ts";

export type Node =
  | { k: "id" }
  | { k: "recurse" }
  | { k: "lit"; v: J }
  | { k: "str"; parts: (string | Node)[]; fmt?: string }
  | { k: "format"; name: string }
  | { k: "field"; target: Node; name: Node }
  | { k: "index"; target: Node; index: Node }
  | { k: "slice"; target: Node; from: Node | null; to: Node | null }
  | { k: "iter"; target: Node }
  | { k: "opt"; body: Node }
  | { k: "pipe"; l: Node; r: Node }
  | { k: "comma"; l: Node; r: Node }
  | { k: "neg"; body: Node }
  | { k: "bin"; op: string; l: Node; r: Node }
  | { k: "and" | "or" | "alt"; l: Node; r: Node }
  | { k: "assign"; op: string; l: Node; r: Node }
  | { k: "array"; body: Node | null }
  | { k: "object"; entries: { key: Node; value: Node }[] }
  | { k: "var"; name: string; at?: number }
  | { k: "as"; src: Node; pat: Pattern; body: Node }
  | { k: "reduce"; src: Node; pat: Pattern; init: Node; update: Node }
  | { k: "foreach"; src: Node; pat: Pattern; init: Node; update: Node; extract: Node | null }
  | { k: "if"; cond: Node; then: Node; else: Node | null }
  | { k: "try"; body: Node; catch: Node | null }
  | { k: "call"; name: string; args: Node[]; at: number }
  | { k: "def"; defs: FuncDef[]; body: Node }
  | { k: "loc" };

export type Pattern =
  | { k: "var"; name: string }
  | { k: "arr"; items: Pattern[] }
  | { k: "obj"; items: { key: Node; pat: Pattern | null; name?: string }[] };

export interface FuncDef {
  readonly name: string;
  readonly params: readonly string[];
  readonly body: Node;
}

export class JqSyntaxError extends Error {
  constructor(
    readonly msg: string,
    readonly at: number,
    /** Not bison's: jq's constant folding (`1/0`), without the shell-quoting hint. */
    readonly folded = false,
  ) {
    super(msg);
  }
}

export const ID: Node = { k: "id" };
