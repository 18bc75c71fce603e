/**
 * sed's script language as GNU sed 4.9 reads it (busybox's words where they differ):
 * addresses, `{ }` blocks, `s y p d q Q = n N D P g G h H x l a i c`, labels and `b t T`.
 */
import { toRegExp } from "./regex.ts";

export type Addr = { kind: "line"; n: number } | { kind: "last" } | { kind: "re"; re: RegExp };

export interface Cmd {
  a1?: Addr;
  a2?: Addr;
  neg: boolean;
  name: string;
  re?: RegExp;
  repl?: string;
  global?: boolean;
  nth?: number;
  print?: boolean;
  from?: string;
  to?: string;
  /** For a range: whether it is open now. */
  active?: boolean;
  /** `{`: the index of its `}`; `b`, `t`, `T`: the index to go on from (the end when none). */
  jump?: number;
  /** `b`/`t`/`T`/`:`: the label; `a`/`i`/`c`: the text. */
  label?: string;
  text?: string;
}

export class SedError extends Error {
  constructor(
    readonly gnu: string,
    readonly bb: string,
    /** GNU sed's status: 1 for a script it cannot read, 4 for one it cannot run (a missing label). */
    readonly status = 1,
  ) {
    super(gnu);
  }
}

export function parseScript(script: string, exprNo: number, extended: boolean): Cmd[] {
  const cmds = parseCommands(script, exprNo, extended);
  return link(cmds, exprNo);
}

/** Ties each `{` to its `}` and each branch to its label, with GNU's words when one is missing. */
export function link(cmds: Cmd[], exprNo: number): Cmd[] {
  const open: number[] = [];
  cmds.forEach((c, k) => {
    if (c.name === "{") open.push(k);
    else if (c.name === "}") {
      const o = open.pop();
      if (o === undefined)
        throw new SedError(`sed: -e expression #${exprNo}, char 0: unexpected \`}'`, "sed: unexpected }");
      cmds[o]!.jump = k;
    }
  });
  if (open.length > 0) throw new SedError(`sed: -e expression #${exprNo}, char 0: unmatched \`{'`, "sed: unmatched {");
  for (const c of cmds) {
    if (c.name !== "b" && c.name !== "t" && c.name !== "T") continue;
    if (c.label === undefined || c.label === "") c.jump = cmds.length;
    else {
      const at = cmds.findIndex((x) => x.name === ":" && x.label === c.label);
      if (at < 0)
        throw new SedError(
          `sed: can't find label for jump to \`${c.label}'`,
          `sed: can't find label for jump to '${c.label}'`,
          4,
        );
      c.jump = at;
    }
  }
  return cmds;
}

export function parseCommands(script: string, exprNo: number, extended: boolean): Cmd[] {
  const cmds: Cmd[] = [];
  let i = 0;
  let depth = 0;
  const err = (msg: string, bb: string, at = i): never => {
    throw new SedError(`sed: -e expression #${exprNo}, char ${at}: ${msg}`, `sed: ${bb}`);
  };
  const regex = (src: string): RegExp => {
    const r = toRegExp(src, extended);
    if ("error" in r) return err(r.error, `bad regex '${src}': ${r.error}`, i);
    return r.re;
  };
  /** Text up to the next unescaped `delim`; undefined when the expression ends first. */
  const until = (delim: string): string | undefined => {
    let s = "";
    while (i < script.length) {
      const c = script[i]!;
      if (c === "\\" && i + 1 < script.length) {
        const n = script[i + 1]!;
        s += n === delim && delim !== "\\" ? n : n === "n" && delim !== "n" ? "\\n" : c + n;
        i += 2;
        continue;
      }
      if (c === delim) {
        i++;
        return s;
      }
      if (c === "\n") return undefined;
      s += c;
      i++;
    }
    return undefined;
  };
  const address = (): Addr | undefined => {
    const c = script[i];
    if (c === undefined) return undefined;
    if (/\d/.test(c)) {
      const m = /^\d+/.exec(script.slice(i))![0];
      i += m.length;
      return { kind: "line", n: Number(m) };
    }
    if (c === "$") {
      i++;
      return { kind: "last" };
    }
    if (c === "/" || c === "\\") {
      const delim = c === "\\" ? script[++i]! : "/";
      i++;
      const src = until(delim);
      if (src === undefined) return err(`unterminated address regex`, `unmatched '${delim}'`, script.length);
      let re = regex(src);
      if (script[i] === "I") {
        i++;
        re = new RegExp(re.source, "i");
      }
      return { kind: "re", re };
    }
    return undefined;
  };
  /** A label or branch target: up to `;` or the line's end. */
  const labelText = (): string => {
    while (script[i] === " ") i++;
    let s = "";
    while (i < script.length && script[i] !== ";" && script[i] !== "\n") s += script[i++];
    return s.trimEnd();
  };
  /** `a text`, `a\` newline `text`: the text to the line's end, its backslashes taken off. */
  const textArg = (): string => {
    while (script[i] === " " || script[i] === "\t") i++;
    if (script[i] === "\\") {
      i++;
      if (script[i] === "\n") i++;
    }
    let s = "";
    while (i < script.length && script[i] !== "\n") {
      if (script[i] === "\\" && i + 1 < script.length) {
        s += script[i + 1];
        i += 2;
      } else s += script[i++];
    }
    return s;
  };
  while (i < script.length) {
    while (i < script.length && /[\s;]/.test(script[i]!)) i++;
    if (i >= script.length) break;
    const cmd: Cmd = { neg: false, name: "" };
    if (script[i] === "}") {
      i++;
      if (--depth < 0) return err("unexpected `}'", "unexpected }", i);
      cmds.push({ neg: false, name: "}" });
      continue;
    }
    const a1 = address();
    if (a1) {
      cmd.a1 = a1;
      if (script[i] === ",") {
        i++;
        const a2 = address();
        if (!a2) return err("unexpected `,'", "unexpected ','", i);
        cmd.a2 = a2;
      }
    }
    while (script[i] === " ") i++;
    if (script[i] === "!") {
      cmd.neg = true;
      i++;
      while (script[i] === " ") i++;
    }
    const name = script[i];
    if (name === undefined || name === ";" || name === "\n") return err("missing command", "missing command", i);
    i++;
    cmd.name = name;
    if (name === "s") {
      const delim = script[i];
      if (delim === undefined || delim === "\n" || delim === "\\")
        return err("unterminated `s' command", "unmatched '/'", script.length);
      i++;
      const pat = until(delim);
      if (pat === undefined) return err("unterminated `s' command", `unmatched '${delim}'`, script.length);
      const repl = until(delim);
      if (repl === undefined) return err("unterminated `s' command", `unmatched '${delim}'`, script.length);
      const re0 = toRegExp(pat, extended);
      if ("error" in re0) return err(re0.error, `bad regex '${pat}': ${re0.error}`, i);
      let flags = "";
      while (i < script.length && !/[;\n}]/.test(script[i]!)) {
        const f = script[i]!;
        if (f === "g") cmd.global = true;
        else if (f === "p") cmd.print = true;
        else if (f === "I" || f === "i") flags += "i";
        else if (/\d/.test(f)) {
          const m = /^\d+/.exec(script.slice(i))![0];
          cmd.nth = Number(m);
          i += m.length - 1;
        } else if (f === " ") {
          /* spaces before `;` */
        } else return err("unknown option to `s'", "bad option in substitution expression", i + 1);
        i++;
      }
      const ref = /\\([1-9])/.exec(repl.replace(/\\\\/g, ""));
      if (ref && Number(ref[1]) > re0.groups)
        return err(`invalid reference \\${ref[1]} on \`s' command's RHS`, `invalid reference`, i);
      cmd.re = new RegExp(re0.re.source, "g" + flags);
      cmd.repl = repl;
    } else if (name === "y") {
      const delim = script[i];
      if (delim === undefined)
        return err("unterminated `y' command", "bad format in substitution expression", script.length);
      i++;
      const from = until(delim);
      const to = from === undefined ? undefined : until(delim);
      if (from === undefined || to === undefined)
        return err("unterminated `y' command", "bad format in substitution expression", script.length);
      if ([...from].length !== [...to].length)
        return err("strings for `y' command are different lengths", "bad format in substitution expression", i);
      cmd.from = from;
      cmd.to = to;
    } else if (name === ":") {
      if (cmd.a1) return err(": doesn't want any addresses", "missing command", i);
      cmd.label = labelText();
      if (cmd.label === "") return err('":" lacks a label', "missing label", i);
    } else if (name === "b" || name === "t" || name === "T") {
      cmd.label = labelText();
    } else if (name === "a" || name === "i" || name === "c") {
      cmd.text = textArg();
    } else if (name === "{") {
      depth++; // its `}` is found by link()
    } else if (!"pdqQ=nNDPgGhHxl".includes(name)) {
      return err(`unknown command: \`${name}'`, `unsupported command ${name}`, i);
    }
    if ((name === "q" || name === "Q") && /\d/.test(script[i] ?? "")) i += /^\d+/.exec(script.slice(i))![0].length;
    cmds.push(cmd);
  }
  return cmds;
}
