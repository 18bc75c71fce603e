/**
 * POSIX regular expressions (basic and extended, as GNU sed, grep and awk read them) turned
 * into JavaScript ones: BRE's `\( \) \{ \} \+ \? \|` are the operators and their bare
 * forms literal; bracket classes (`[[:digit:]]`) become JavaScript's sets.
 */

const CLASS: Readonly<Record<string, string>> = {
  digit: "0-9", alpha: "A-Za-z", alnum: "0-9A-Za-z", upper: "A-Z", lower: "a-z", space: " \\t\\n\\r\\f\\v",
  blank: " \\t", punct: "!-\\/:-@\\[-`{-~", xdigit: "0-9A-Fa-f", print: " -~", graph: "!-~", cntrl: "\\x00-\\x1f\\x7f",
}; // prettier-ignore

const ESCAPES: Readonly<Record<string, string>> = { t: "\\t", n: "\\n", r: "\\r", f: "\\f", v: "\\v", a: "\\x07" };

export type RegexResult = { readonly re: RegExp; readonly groups: number } | { readonly error: string };

/** A bracket expression from `src[i] === "["`: its JavaScript form and where it ends. */
function bracket(src: string, i: number): { out: string; end: number } | undefined {
  let j = i + 1;
  let out = "[";
  if (src[j] === "^") {
    out += "^";
    j++;
  }
  if (src[j] === "]") {
    out += "\\]";
    j++;
  }
  while (j < src.length && src[j] !== "]") {
    const cls = /^\[:([a-z]+):\]/.exec(src.slice(j));
    if (cls) {
      out += CLASS[cls[1]!] ?? "";
      j += cls[0].length;
      continue;
    }
    const c = src[j]!;
    // GNU sed and awk turn `\t`, `\n` and the like into their characters before the regex is
    // compiled, so `[^\t]` excludes a tab (not a backslash and a `t`, as POSIX alone reads it).
    const esc = c === "\\" ? ESCAPES[src[j + 1] ?? ""] : undefined;
    if (esc !== undefined) {
      out += esc;
      j += 2;
      continue;
    }
    out += c === "\\" || c === "[" ? "\\" + c : c;
    j++;
  }
  if (j >= src.length) return undefined;
  return { out: out + "]", end: j };
}

export function toRegExp(src: string, extended: boolean, flags = ""): RegexResult {
  let out = "";
  let groups = 0;
  let open = 0;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === "[") {
      const b = bracket(src, i);
      if (!b) return { error: "Unmatched [, [^, [:, [., or [=" };
      out += b.out;
      i = b.end;
      continue;
    }
    if (c === "\\" && i + 1 < src.length) {
      const n = src[++i]!;
      if (!extended && "(){}+?|".includes(n)) {
        if (n === "(") {
          groups++;
          open++;
        }
        if (n === ")") {
          if (open === 0) return { error: "Unmatched ) or \\)" };
          open--;
        }
        out += n;
      } else if (/[1-9]/.test(n)) out += "\\" + n;
      else if (n === "n") out += "\\n";
      else if (n === "t") out += "\\t";
      else if (n === "w" || n === "W" || n === "s" || n === "S" || n === "b" || n === "B") out += "\\" + n;
      else if (n === "<" || n === ">") out += "\\b";
      else out += /[A-Za-z0-9]/.test(n) ? n : "\\" + n;
      continue;
    }
    if (extended) {
      if (c === "(") {
        groups++;
        open++;
      }
      if (c === ")") {
        if (open === 0) return { error: "Unmatched ) or \\)" };
        open--;
      }
      out += c;
      continue;
    }
    // Basic: these are plain characters; `*` at the start is one too.
    if ("(){}+?|".includes(c)) out += "\\" + c;
    else if (c === "*" && (out === "" || out === "^")) out += "\\*";
    else out += c;
  }
  if (open > 0) return { error: "Unmatched ( or \\(" };
  try {
    return { re: new RegExp(out, flags), groups };
  } catch {
    return { error: "Invalid regular expression" };
  }
}
