/**
 * `grep` (GNU grep 3.8): basic and extended regular expressions translated to
 * JavaScript ones, with -v -i -E -F -c -n -w -o -q -h -H -e, and -r/-R (recurse.ts). Exit 0 when a line
 * matched, 1 when none did, 2 on an error (as grep does, even with a match).
 */
import type { Command, CommandResult } from "../../command.ts";
import { readInputs } from "../../lib/inputs.ts";
import { recurse } from "./recurse.ts";

const USAGE = "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n";

const POSIX_CLASSES: Readonly<Record<string, string>> = {
  alpha: "a-zA-Z",
  digit: "0-9",
  alnum: "a-zA-Z0-9",
  upper: "A-Z",
  lower: "a-z",
  space: " \\t\\n\\r\\f\\v",
  blank: " \\t",
  punct: "!-\\/:-@\\[-`{-~",
  xdigit: "0-9A-Fa-f",
  word: "\\w",
};

type Translated = { ok: true; source: string } | { ok: false; error: string };

/** POSIX BRE/ERE → JavaScript RegExp source; `capture` keeps an ERE's groups numbered (bash's BASH_REMATCH). */
export function translateRegex(pattern: string, extended: boolean, capture = false): Translated {
  let out = "";
  let depth = 0;
  /** Where the last group opened, so a `*` right after it is taken literally. */
  let opened = -1;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "[") {
      // A bracket expression: copy through, converting [:class:] and escaping backslashes.
      let j = i + 1;
      let body = "";
      if (pattern[j] === "^") {
        body += "^";
        j++;
      }
      if (pattern[j] === "]") {
        body += "\\]";
        j++;
      }
      let closed = false;
      while (j < pattern.length) {
        const d = pattern[j]!;
        if (d === "]") {
          closed = true;
          break;
        }
        if (d === "[" && pattern[j + 1] === ":") {
          const end = pattern.indexOf(":]", j + 2);
          if (end < 0) return { ok: false, error: "grep: Unmatched [, [^, [:, [., or [=\n" };
          const name = pattern.slice(j + 2, end);
          const cls = POSIX_CLASSES[name];
          if (cls === undefined) return { ok: false, error: "grep: Invalid character class name\n" };
          body += cls;
          j = end + 2;
          continue;
        }
        body += d === "\\" ? "\\\\" : d;
        j++;
      }
      if (!closed) return { ok: false, error: "grep: Unmatched [, [^, [:, [., or [=\n" };
      out += `[${body}]`;
      i = j;
      continue;
    }
    if (extended) {
      if (c === "\\" && i + 1 < pattern.length) {
        const n = pattern[i + 1]!;
        out += n === "<" || n === ">" ? "\\b" : /[wWsSbB]/.test(n) ? `\\${n}` : /[a-zA-Z0-9]/.test(n) ? n : `\\${n}`;
        i++;
      } else if (c === "(") {
        depth++;
        out += capture ? "(" : "(?:";
        opened = out.length;
      } else if (c === ")") {
        if (depth === 0) out += "\\)";
        else {
          depth--;
          out += ")";
        }
      } else if (c === "{" && !/^\{\d*(,\d*)?\}/.test(pattern.slice(i))) {
        out += "\\{";
      } else if (c === "*" && (out === "" || out.endsWith("|") || out.length === opened)) {
        out += "\\*";
      } else out += c === "/" ? "\\/" : c;
      continue;
    }
    // Basic: \( \) \{ \} \| \+ \? are the operators; the bare characters are literal.
    if (c === "\\" && i + 1 < pattern.length) {
      const n = pattern[i + 1]!;
      i++;
      if (n === "(") {
        depth++;
        out += "(?:";
      } else if (n === ")") {
        if (depth === 0) return { ok: false, error: "grep: Unmatched ) or \\)\n" };
        depth--;
        out += ")";
      } else if (n === "{" || n === "}" || n === "|" || n === "+" || n === "?") out += n;
      else if (n === "<" || n === ">") out += "\\b";
      else if (/[wWsSbB]/.test(n)) out += `\\${n}`;
      else if (/[a-zA-Z0-9]/.test(n)) out += n;
      else out += `\\${n}`;
    } else if ("+?(){}|/".includes(c)) {
      out += `\\${c}`;
    } else if (c === "*" && (out === "" || out.endsWith("(?:") || out.endsWith("|"))) {
      out += "\\*";
    } else out += c;
  }
  if (depth > 0) return { ok: false, error: "grep: Unmatched ( or \\(\n" };
  return { ok: true, source: out };
}

function escapeFixed(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

export const grep: Command = (argv, ctx) => {
  const { world } = ctx;
  const f = {
    v: false,
    i: false,
    E: false,
    F: false,
    c: false,
    n: false,
    w: false,
    o: false,
    q: false,
    h: false,
    H: false,
    x: false,
    l: false,
    L: false,
    P: false,
    r: false,
    R: false,
  };
  /** `-A N`, `-B N` (`-C N` both): lines of context after and before each selected line. */
  let after = 0;
  let before = 0;
  const patterns: string[] = [];
  const operands: string[] = [];
  /** `-m N`: stop reading a file after N selected lines. */
  let max = Infinity;
  const args = argv.slice(1);
  let options = true;
  for (let k = 0; k < args.length; k++) {
    const a = args[k]!;
    if (options && a === "--") {
      options = false;
    } else if (options && a.startsWith("--")) {
      const long: Record<string, keyof typeof f> = {
        "--invert-match": "v", "--ignore-case": "i", "--extended-regexp": "E", "--fixed-strings": "F", "--count": "c",
        "--line-number": "n", "--word-regexp": "w", "--only-matching": "o", "--quiet": "q", "--silent": "q",
        "--no-filename": "h", "--with-filename": "H", "--line-regexp": "x", "--files-with-matches": "l",
        "--files-without-match": "L", "--perl-regexp": "P", "--recursive": "r", "--dereference-recursive": "R",
      }; // prettier-ignore
      const ctxLong = /^--(after|before)?-?context=(.*)$/.exec(a);
      if (ctxLong) {
        if (!/^\d+$/.test(ctxLong[2]!))
          return { world, stdout: "", stderr: `grep: ${ctxLong[2]}: invalid context length argument\n`, exitCode: 2 };
        const n = Number(ctxLong[2]);
        if (ctxLong[1] !== "before") after = n;
        if (ctxLong[1] !== "after") before = n;
        continue;
      }
      if (a.startsWith("--regexp=")) patterns.push(a.slice(9));
      else if (long[a]) f[long[a]] = true;
      else if (a === "--color" || a.startsWith("--color=") || a.startsWith("--colour")) continue;
      else return { world, stdout: "", stderr: `grep: unrecognized option '${a}'\n${USAGE}`, exitCode: 2 };
    } else if (options && a.startsWith("-") && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const ch = a[j]!;
        if (ch === "m") {
          const rest = a.slice(j + 1);
          const v = rest !== "" ? rest : args[++k];
          if (v === undefined)
            return { world, stdout: "", stderr: `grep: option requires an argument -- 'm'\n${USAGE}`, exitCode: 2 };
          if (!/^\d+$/.test(v)) return { world, stdout: "", stderr: "grep: invalid max count\n", exitCode: 2 };
          max = Number(v);
          break;
        }
        if (ch === "A" || ch === "B" || ch === "C") {
          const rest = a.slice(j + 1);
          const v = rest !== "" ? rest : args[++k];
          if (v === undefined)
            return { world, stdout: "", stderr: `grep: option requires an argument -- '${ch}'\n${USAGE}`, exitCode: 2 };
          if (!/^\d+$/.test(v))
            return { world, stdout: "", stderr: `grep: ${v}: invalid context length argument\n`, exitCode: 2 };
          if (ch !== "B") after = Number(v);
          if (ch !== "A") before = Number(v);
          break;
        }
        if (ch === "e") {
          const rest = a.slice(j + 1);
          const p = rest !== "" ? rest : args[++k];
          if (p === undefined)
            return { world, stdout: "", stderr: `grep: option requires an argument -- 'e'\n${USAGE}`, exitCode: 2 };
          patterns.push(p);
          break;
        }
        if (ch in f) f[ch as keyof typeof f] = true;
        else if (ch === "G") f.E = false;
        else if (ch === "P") f.P = true;
        else if (ch === "s" || ch === "a" || ch === "I") continue;
        else return { world, stdout: "", stderr: `grep: invalid option -- '${ch}'\n${USAGE}`, exitCode: 2 };
      }
    } else operands.push(a);
  }
  if (patterns.length === 0) {
    const p = operands.shift();
    if (p === undefined) return { world, stdout: "", stderr: USAGE, exitCode: 2 };
    patterns.push(...p.split("\n"));
  }
  const sources: string[] = [];
  for (const p of patterns) {
    if (f.F) {
      sources.push(escapeFixed(p));
      continue;
    }
    if (f.P) {
      // PCRE reads much as JavaScript does; `\K` keeps what came before out of the match.
      const k = p.indexOf("\\K");
      sources.push(k < 0 ? p : `(?<=${p.slice(0, k)})${p.slice(k + 2)}`);
      continue;
    }
    const t = translateRegex(p, f.E);
    if (!t.ok) return { world, stdout: "", stderr: t.error, exitCode: 2 };
    sources.push(t.source);
  }
  let body = sources.map((s) => `(?:${s})`).join("|");
  if (f.x) body = `^(?:${body})$`;
  else if (f.w) body = `(?<![A-Za-z0-9_])(?:${body})(?![A-Za-z0-9_])`;
  let re: RegExp;
  try {
    re = new RegExp(body, f.i ? "gi" : "g");
  } catch {
    return { world, stdout: "", stderr: "grep: Invalid regular expression\n", exitCode: 2 };
  }
  // -r/-R: a directory stands for the files beneath it, and grep names each file it prints from.
  const walked = f.r || f.R ? recurse(operands, ctx, f.R) : { files: operands, fromDir: false };
  const r = readInputs("grep", walked.files, ctx);
  const withName = f.H || (!f.h && (operands.length > 1 || walked.fromDir));
  let stdout = "";
  let any = false;
  const context = !f.o && !f.c && !f.q && !f.l && !f.L && (after > 0 || before > 0);
  /** The last line printed, across files, so groups of context are parted by `--`. */
  let printedAny = false;
  for (const input of r.inputs) {
    const lines = input.text.split("\n");
    if (lines[lines.length - 1] === "") lines.pop();
    let count = 0;
    const name = input.name === "-" ? "(standard input)" : input.name;
    const prefixName = withName ? `${name}:` : "";
    let lastPrinted = -1;
    let afterLeft = 0;
    const emit = (idx: number, sep: ":" | "-") => {
      if (context && printedAny && (lastPrinted < 0 || idx > lastPrinted + 1)) stdout += "--\n";
      stdout += (withName ? `${name}${sep}` : "") + (f.n ? `${idx + 1}${sep}` : "") + `${lines[idx]}\n`;
      lastPrinted = idx;
      printedAny = true;
    };
    for (let idx = 0; idx < lines.length; idx++) {
      const line = lines[idx]!;
      if (count >= max) {
        if (context && afterLeft > 0) {
          emit(idx, "-");
          afterLeft--;
          continue;
        }
        break;
      }
      re.lastIndex = 0;
      const hit = re.test(line);
      if (hit === f.v) {
        if (context && afterLeft > 0) {
          emit(idx, "-");
          afterLeft--;
        }
        continue;
      }
      count++;
      any = true;
      if (f.q || f.c || f.l || f.L) continue;
      if (context) {
        for (let b = Math.max(lastPrinted + 1, idx - before); b < idx; b++) emit(b, "-");
        emit(idx, ":");
        afterLeft = after;
        continue;
      }
      const prefix = prefixName + (f.n ? `${idx + 1}:` : "");
      if (f.o && !f.v) {
        re.lastIndex = 0;
        for (const m of line.matchAll(re)) if (m[0] !== "") stdout += `${prefix}${m[0]}\n`;
      } else stdout += `${prefix}${line}\n`;
    }
    if (f.l && count > 0) stdout += `${name}\n`;
    if (f.L && count === 0) stdout += `${name}\n`;
    if (f.c && !f.q && !f.l && !f.L) stdout += `${prefixName}${count}\n`;
  }
  const result: CommandResult = {
    world,
    stdout: f.q ? "" : stdout,
    stderr: r.stderr,
    exitCode: r.failed && !(f.q && any) ? 2 : any ? 0 : 1,
  };
  return result;
};
