/** The tree the awk parser (parse.ts) builds and the interpreter (awk.ts) walks. */

export type Node =
  | { t: "num"; v: number }
  | { t: "str"; v: string }
  | { t: "re"; v: string }
  | { t: "var"; name: string }
  | { t: "idx"; name: string; key: Node[] }
  | { t: "field"; e: Node }
  | { t: "bin"; op: string; a: Node; b: Node }
  | { t: "un"; op: string; e: Node }
  | { t: "assign"; op: string; lv: Node; e: Node }
  | { t: "incdec"; op: "++" | "--"; pre: boolean; lv: Node }
  | { t: "cond"; c: Node; a: Node; b: Node }
  | { t: "in"; key: Node[]; name: string }
  | { t: "call"; name: string; args: Node[] }
  | { t: "group"; e: Node }
  /** A call of a function the program defines. */
  | { t: "ucall"; name: string; args: Node[] }
  /** `getline [lv]` (the main input), `getline [lv] < file`, `cmd | getline [lv]`. */
  | { t: "getline"; lv?: Node; from?: { kind: "file" | "cmd"; e: Node } };

export type Stmt =
  | { t: "print" | "printf"; args: Node[]; to?: { op: string; e: Node } }
  | { t: "expr"; e: Node }
  | { t: "if"; c: Node; a: Stmt; b?: Stmt }
  | { t: "while"; c: Node; body: Stmt }
  | { t: "do"; c: Node; body: Stmt }
  | { t: "for"; init?: Node; c?: Node; step?: Node; body: Stmt }
  | { t: "forin"; k: string; a: string; body: Stmt }
  | { t: "block"; body: Stmt[] }
  | { t: "next" | "break" | "continue" }
  | { t: "exit"; e?: Node }
  | { t: "return"; e?: Node }
  | { t: "delete"; name: string; key?: Node[] };

export interface Func {
  name: string;
  params: string[];
  body: Stmt[];
}

export interface Item {
  kind: "begin" | "end" | "main" | "func";
  func?: Func;
  pattern?: Node;
  range?: Node;
  action?: Stmt[];
}
