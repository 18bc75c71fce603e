/**
 * A container's `sh -c SCRIPT` ending in a server (`mkdir -p /srv && echo hi > /srv/index.html
 * && exec busybox httpd -f -p 8080 -h /srv`): the script up to there runs as any one-off
 * command does, and the last command then replaces the shell as the container's process. With
 * `exec` or without, as busybox ash execs a `-c` script's last simple command itself (the
 * oracle's ps shows httpd as PID 1 either way).
 */

export interface ExecTail {
  /** The script before the last command ("" when `exec` is all there is). */
  readonly prefix: string;
  /** How the last command follows it: only after a success (`&&`), or whatever it returned. */
  readonly after: "&&" | ";";
  readonly argv: readonly string[];
  /** The commands piped into the last one (`echo hi | nc -l -p 8081`): their output is its stdin. */
  readonly feed?: string;
}

const MAX_SCRIPT = 4096;

/** The script's last command, when it is plain words (no expansions or redirections); what a pipe feeds it is its `feed`. */
export function execTail(script: string): ExecTail | undefined {
  if (script.length > MAX_SCRIPT) return undefined;
  let cut = -1;
  let sepLen = 0;
  let bar = -1;
  let quote = "";
  for (let i = 0; i < script.length; i++) {
    const ch = script[i]!;
    if (quote) {
      if (ch === quote) quote = "";
      else if (ch === "\\" && quote === '"') i++;
      continue;
    }
    if (ch === "'" || ch === '"') quote = ch;
    else if (ch === "\\") i++;
    else if (ch === ";" || ch === "\n") [cut, sepLen] = [i, 1];
    else if (ch === "&" && script[i + 1] === "&") [cut, sepLen] = [i++, 2];
    else if (ch === "|" && script[i + 1] === "|") [cut, sepLen] = [i++, -2];
    else if (ch === "|") bar = i;
  }
  if (quote || sepLen < 0) return undefined;
  const start = cut + 1 + Math.max(0, sepLen - 1);
  // A `|` before the last separator belongs to an earlier command.
  const piped = bar >= start;
  const tail = script.slice(piped ? bar + 1 : start).trim();
  const feed = piped ? script.slice(start, bar).trim() : undefined;
  if (feed === "") return undefined;
  const words = plainWords(tail);
  const argv = words?.[0] === "exec" ? words.slice(1) : words;
  if (!argv || argv.length === 0) return undefined;
  const prefix = cut < 0 ? "" : script.slice(0, cut).trim();
  return { prefix, after: sepLen === 2 ? "&&" : ";", argv, ...(feed !== undefined ? { feed } : {}) };
}

/** Splits a command of literal words; undefined when it holds anything the shell would expand or redirect. */
function plainWords(text: string): string[] | undefined {
  const words: string[] = [];
  let cur: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === " " || ch === "\t") {
      if (cur !== undefined) words.push(cur);
      cur = undefined;
    } else if (ch === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) return undefined;
      cur = (cur ?? "") + text.slice(i + 1, end);
      i = end;
    } else if (ch === '"') {
      const end = text.indexOf('"', i + 1);
      const inner = end < 0 ? "" : text.slice(i + 1, end);
      if (end < 0 || /[$`\\]/.test(inner)) return undefined;
      cur = (cur ?? "") + inner;
      i = end;
    } else if ("$`\\|&;<>(){}*?[~#".includes(ch)) return undefined;
    else cur = (cur ?? "") + ch;
  }
  if (cur !== undefined) words.push(cur);
  return words;
}
