/**
 * Shell patterns (`*`, `?`, `[...]`) as bash matches them in `case`, `[[ == ]]` and
 * the `${NAME#pattern}` family: quoted text matches itself, unquoted text is a pattern.
 */

/** A pattern piece: text and whether it was quoted (then it matches literally). */
export interface PatternPiece {
  readonly text: string;
  readonly quoted: boolean;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/** The regular expression source of a pattern; `lazy` makes `*` match as little as it can. */
export function patternSource(pieces: readonly PatternPiece[], lazy = false): string {
  let re = "";
  for (const p of pieces) {
    if (p.quoted) {
      re += escapeRe(p.text);
      continue;
    }
    const t = p.text;
    for (let i = 0; i < t.length; i++) {
      const c = t[i]!;
      if (c === "\\" && i + 1 < t.length) re += escapeRe(t[++i]!);
      else if (c === "*") re += lazy ? "[\\s\\S]*?" : "[\\s\\S]*";
      else if (c === "?") re += "[\\s\\S]";
      else if (c === "[") {
        let j = i + 1;
        if (t[j] === "!" || t[j] === "^") j++;
        if (t[j] === "]") j++;
        const end = t.indexOf("]", j);
        if (end < 0) re += "\\[";
        else {
          let body = t.slice(i + 1, end);
          const neg = body.startsWith("!") || body.startsWith("^");
          if (neg) body = body.slice(1);
          body = body.replace(/\\/g, "\\\\").replace(/\[:(\w+):\]/g, (_m, cls: string) => CLASSES[cls] ?? "");
          re += `[${neg ? "^" : ""}${body.replace(/^\]/, "\\]")}]`;
          i = end;
        }
      } else re += escapeRe(c);
    }
  }
  return re;
}

const CLASSES: Record<string, string> = {
  alpha: "A-Za-z",
  digit: "0-9",
  alnum: "A-Za-z0-9",
  upper: "A-Z",
  lower: "a-z",
  space: " \\t\\n\\r\\f\\v",
  blank: " \\t",
  punct: "!-\\/:-@\\[-`{-~",
  xdigit: "0-9A-Fa-f",
};

/** Whether the whole of `text` matches the pattern. */
export function matchPattern(text: string, pieces: readonly PatternPiece[]): boolean {
  return new RegExp(`^(?:${patternSource(pieces)})$`).test(text);
}

/** `${V#p}` `${V##p}` `${V%p}` `${V%%p}`: the value with the shortest or longest matching prefix or suffix removed. */
export function removeAffix(value: string, pieces: readonly PatternPiece[], op: "#" | "##" | "%" | "%%"): string {
  const re = new RegExp(`^(?:${patternSource(pieces)})$`);
  const n = value.length;
  if (op === "#") {
    for (let i = 0; i <= n; i++) if (re.test(value.slice(0, i))) return value.slice(i);
  } else if (op === "##") {
    for (let i = n; i >= 0; i--) if (re.test(value.slice(0, i))) return value.slice(i);
  } else if (op === "%") {
    for (let i = n; i >= 0; i--) if (re.test(value.slice(i))) return value.slice(0, i);
  } else {
    for (let i = 0; i <= n; i++) if (re.test(value.slice(i))) return value.slice(0, i);
  }
  return value;
}

/** `${V/p/r}` and kin: the longest match at the leftmost place replaced (every place for `//`). */
export function replacePattern(
  value: string,
  pieces: readonly PatternPiece[],
  replacement: string,
  op: "/" | "//" | "/#" | "/%",
): string {
  const src = patternSource(pieces);
  if (src === "") return value;
  if (op === "/#") {
    const m = new RegExp(`^(?:${src})`).exec(value);
    return m ? replacement + value.slice(m[0].length) : value;
  }
  if (op === "/%") {
    const m = new RegExp(`(?:${src})$`).exec(value);
    return m ? value.slice(0, m.index) + replacement : value;
  }
  return value.replace(new RegExp(src, op === "//" ? "g" : ""), (m) => (m === "" ? m : replacement));
}
