/**
 * The parser half of the Go text/template subset (see template.ts): actions,
 * pipelines, variables, parenthesised sub-pipelines and the block structure of
 * range/if/with/else/end, with Go's parse-error wording.
 */
/** Internal to the evaluator: caught by renderTemplate and turned into a value. */
export class TemplateError extends Error {
  /** What the template had written before it failed: a CLI that executes straight into stdout prints it. */
  partial = "";
  constructor(
    message: string,
    readonly parse: boolean,
  ) {
    super(message);
  }
}

export type Node =
  | { kind: "text"; text: string }
  | { kind: "action"; pipe: Pipe; pos: number }
  | { kind: "break" }
  | { kind: "continue" }
  | Block;
export interface Block {
  kind: "range" | "if" | "with";
  pipe: Pipe;
  vars: string[];
  body: Node[];
  elseBody: Node[];
  pos: number;
}

export interface Cmd {
  readonly args: Arg[];
}
export type Arg =
  | { kind: "field"; path: string[]; pos: number; base?: string }
  | { kind: "var"; name: string; path: string[]; pos: number }
  | { kind: "str"; value: string; pos: number }
  | { kind: "num"; value: number; pos: number }
  | { kind: "bool"; value: boolean; pos: number }
  | { kind: "ident"; name: string; pos: number }
  | { kind: "nil"; pos: number }
  | { kind: "sub"; pipe: Pipe };
export interface Pipe {
  readonly decl: string[];
  readonly cmds: Cmd[];
}

function tokenizeAction(src: string, base: number): { tokens: { t: string; pos: number }[] } {
  const tokens: { t: string; pos: number }[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === " " || c === "\t" || c === "\n") {
      i++;
    } else if (c === '"' || c === "`") {
      let j = i + 1;
      let v = "";
      while (j < src.length && src[j] !== c) {
        // Go's lexer ends a "…" string at a newline: only a `…` raw string may span lines.
        if (c === '"' && src[j] === "\n") throw new TemplateError(`unterminated quoted string`, true);
        if (c === '"' && src[j] === "\\" && j + 1 < src.length) {
          const e = src[j + 1]!;
          v += e === "n" ? "\n" : e === "t" ? "\t" : e;
          j += 2;
        } else v += src[j++];
      }
      if (j >= src.length) throw new TemplateError(`unterminated quoted string`, true);
      tokens.push({ t: JSON.stringify(v), pos: base + i });
      i = j + 1;
    } else if ("()|,".includes(c)) {
      tokens.push({ t: c, pos: base + i });
      i++;
    } else if (c === ":" && src[i + 1] === "=") {
      tokens.push({ t: ":=", pos: base + i });
      i += 2;
    } else {
      let j = i;
      while (j < src.length && !' \t\n()|,"`'.includes(src[j]!) && !(src[j] === ":" && src[j + 1] === "=")) j++;
      tokens.push({ t: src.slice(i, j), pos: base + i });
      i = j;
    }
  }
  return { tokens };
}

function parsePipe(tokens: { t: string; pos: number }[]): Pipe {
  let k = 0;
  const decl: string[] = [];
  // `$k, $v :=` or `$x :=`
  const assign = tokens.findIndex((t) => t.t === ":=");
  if (assign >= 0) {
    for (const t of tokens.slice(0, assign)) if (t.t !== ",") decl.push(t.t);
    k = assign + 1;
  }
  const cmds: Cmd[] = [];
  let args: Arg[] = [];
  const parseArg = (): Arg => {
    const tok = tokens[k++]!;
    const t = tok.t;
    if (t === "(") {
      const start = k;
      let depth = 1;
      while (k < tokens.length && depth > 0) {
        if (tokens[k]!.t === "(") depth++;
        if (tokens[k]!.t === ")") depth--;
        k++;
      }
      const sub = parsePipe(tokens.slice(start, k - 1));
      // `(index $b 0).HostPort`
      const next = tokens[k];
      if (next && next.t.startsWith(".") && next.pos === tokens[k - 1]!.pos + 1) {
        k++;
        return { kind: "field", path: next.t.split(".").slice(1), pos: next.pos, base: JSON.stringify(sub) };
      }
      return { kind: "sub", pipe: sub };
    }
    if (t.startsWith('"')) return { kind: "str", value: JSON.parse(t) as string, pos: tok.pos };
    if (t === "nil") return { kind: "nil", pos: tok.pos };
    if (t === "true" || t === "false") return { kind: "bool", value: t === "true", pos: tok.pos };
    if (/^-?\d+(\.\d+)?$/.test(t)) return { kind: "num", value: Number(t), pos: tok.pos };
    if (t === ".") return { kind: "field", path: [], pos: tok.pos };
    // Go's lexer reads `.A.B` as a field then a chain, and the chain is where it reports errors.
    if (t.startsWith(".")) {
      const path = t.split(".").slice(1);
      return { kind: "field", path, pos: path.length > 1 ? tok.pos + 1 + path[0]!.length : tok.pos };
    }
    if (t.startsWith("$")) {
      const [name, ...path] = t.split(".");
      return { kind: "var", name: name!, path, pos: path.length > 0 ? tok.pos + name!.length : tok.pos };
    }
    return { kind: "ident", name: t, pos: tok.pos };
  };
  while (k < tokens.length) {
    if (tokens[k]!.t === "|") {
      cmds.push({ args });
      args = [];
      k++;
      continue;
    }
    args.push(parseArg());
  }
  if (args.length > 0) cmds.push({ args });
  if (cmds.length === 0) throw new TemplateError("missing value for command", true);
  return { decl, cmds };
}

export interface Parsed {
  nodes: Node[];
}

export function parseTemplate(src: string): Parsed {
  const root: Node[] = [];
  const stack: { nodes: Node[]; owner?: Block; inElse: boolean }[] = [{ nodes: root, inElse: false }];
  let i = 0;
  while (i < src.length) {
    const open = src.indexOf("{{", i);
    if (open < 0) {
      stack[stack.length - 1]!.nodes.push({ kind: "text", text: src.slice(i) });
      break;
    }
    let text = src.slice(i, open);
    let start = open + 2;
    if (src[start] === "-" && src[start + 1] === " ") {
      text = text.replace(/\s+$/, "");
      start += 2;
    }
    if (text) stack[stack.length - 1]!.nodes.push({ kind: "text", text });
    const close = src.indexOf("}}", start);
    if (close < 0) {
      // Go's lexer meets a lone `}` inside the action before it runs out of input.
      if (src.indexOf("}", start) >= 0) throw new TemplateError("bad character U+007D '}'", true);
      throw new TemplateError("unclosed action", true);
    }
    let end = close;
    let trimAfter = false;
    if (src[close - 1] === "-" && src[close - 2] === " ") {
      end = close - 2;
      trimAfter = true;
    }
    const body = src.slice(start, end);
    // `{{/* … */}}` is a comment: it prints nothing.
    if (body.startsWith("/*") && body.endsWith("*/") && body.length >= 4) {
      i = close + 2;
      if (trimAfter) while (i < src.length && /\s/.test(src[i]!)) i++;
      continue;
    }
    const { tokens } = tokenizeAction(body, start);
    i = close + 2;
    if (trimAfter) while (i < src.length && /\s/.test(src[i]!)) i++;
    if (tokens.length === 0) throw new TemplateError("missing value for command", true);
    const head = tokens[0]!.t;
    const top = stack[stack.length - 1]!;
    if (head === "end") {
      if (stack.length === 1) throw new TemplateError("unexpected {{end}}", true);
      stack.pop();
      continue;
    }
    if (head === "else") {
      if (!top.owner) throw new TemplateError("unexpected {{else}}", true);
      if (top.inElse) throw new TemplateError("expected end; found {{else}}", true);
      // `{{else if X}}` is `{{else}}{{if X}}…{{end}}` closed by the outer block's one {{end}}.
      if (tokens[1]?.t === "if") {
        const node: Block = {
          kind: "if",
          pipe: parsePipe(tokens.slice(2)),
          vars: [],
          body: [],
          elseBody: [],
          pos: tokens[1].pos,
        };
        top.owner.elseBody.push(node);
        stack[stack.length - 1] = { nodes: node.body, owner: node, inElse: false };
        continue;
      }
      top.inElse = true;
      top.nodes = top.owner.elseBody;
      continue;
    }
    if ((head === "break" || head === "continue") && tokens.length === 1) {
      if (!stack.some((f) => f.owner?.kind === "range")) throw new TemplateError(`{{${head}}} outside {{range}}`, true);
      top.nodes.push({ kind: head });
      continue;
    }
    if (head === "range" || head === "if" || head === "with") {
      const pipe = parsePipe(tokens.slice(1));
      const node: Block =
        head === "range"
          ? {
              kind: "range",
              pipe: { decl: [], cmds: pipe.cmds },
              vars: pipe.decl,
              body: [],
              elseBody: [],
              pos: tokens[0]!.pos,
            }
          : { kind: head, pipe, vars: [], body: [], elseBody: [], pos: tokens[0]!.pos };
      top.nodes.push(node);
      stack.push({ nodes: node.body, owner: node, inElse: false });
      continue;
    }
    top.nodes.push({ kind: "action", pipe: parsePipe(tokens), pos: tokens[0]!.pos });
  }
  if (stack.length > 1) throw new TemplateError("unexpected EOF", true);
  return { nodes: root };
}
