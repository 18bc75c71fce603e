/**
 * A small bash-like parser: words with '…', "…" and \ quoting, pipelines (|) and
 * output redirection (> and >>). Syntax errors are values carrying bash's wording.
 */
import { LIMITS } from "../limits.ts";

export interface SimpleCommand {
  readonly argv: readonly string[];
  /** `> file` or `>> file`, applied to this command's stdout. */
  readonly redirect?: { readonly path: string; readonly append: boolean };
}

export type ParseResult =
  | { readonly ok: true; readonly pipeline: readonly SimpleCommand[] }
  | { readonly ok: false; readonly stderr: string; readonly exitCode: number };

type Token = { kind: "word"; value: string } | { kind: "op"; value: "|" | ">" | ">>" };

function syntaxError(near: string): ParseResult {
  return { ok: false, stderr: `bash: syntax error near unexpected token \`${near}'\n`, exitCode: 2 };
}

function tokenize(line: string): Token[] | ParseResult {
  const tokens: Token[] = [];
  let word = "";
  let inWord = false;
  let i = 0;
  const flush = () => {
    if (inWord) tokens.push({ kind: "word", value: word });
    word = "";
    inWord = false;
  };
  while (i < line.length) {
    const c = line[i]!;
    if (c === "'" || c === '"') {
      const end = line.indexOf(c, i + 1);
      if (end < 0) {
        return { ok: false, stderr: `bash: unexpected EOF while looking for matching \`${c}'\n`, exitCode: 2 };
      }
      let body = line.slice(i + 1, end);
      if (c === '"') body = body.replace(/\\(["\\$`])/g, "$1");
      word += body;
      inWord = true;
      i = end + 1;
    } else if (c === "\\" && i + 1 < line.length) {
      word += line[i + 1];
      inWord = true;
      i += 2;
    } else if (c === " " || c === "\t") {
      flush();
      i++;
    } else if (c === "#" && !inWord) {
      break;
    } else if (c === "|") {
      flush();
      tokens.push({ kind: "op", value: "|" });
      i++;
    } else if (c === ">") {
      flush();
      const append = line[i + 1] === ">";
      tokens.push({ kind: "op", value: append ? ">>" : ">" });
      i += append ? 2 : 1;
    } else {
      word += c;
      inWord = true;
      i++;
    }
  }
  flush();
  return tokens;
}

export function parseLine(line: string): ParseResult {
  if (line.length > LIMITS.maxLineLength) {
    return { ok: false, stderr: "bash: command line too long\n", exitCode: 2 };
  }
  const tokens = tokenize(line);
  if (!Array.isArray(tokens)) return tokens;
  const pipeline: SimpleCommand[] = [];
  let argv: string[] = [];
  let redirect: SimpleCommand["redirect"];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === "word") {
      argv.push(t.value);
    } else if (t.value === "|") {
      if (argv.length === 0) return syntaxError("|");
      pipeline.push(redirect ? { argv, redirect } : { argv });
      argv = [];
      redirect = undefined;
    } else {
      const target = tokens[i + 1];
      if (!target || target.kind !== "word") return syntaxError(target ? target.value : "newline");
      redirect = { path: target.value, append: t.value === ">>" };
      i++;
    }
  }
  if (argv.length === 0 && pipeline.length > 0) return syntaxError("|");
  if (argv.length > 0) pipeline.push(redirect ? { argv, redirect } : { argv });
  if (pipeline.length > LIMITS.maxPipelineLength) {
    return { ok: false, stderr: "bash: pipeline too long\n", exitCode: 2 };
  }
  return { ok: true, pipeline };
}
