/**
 * bash's ansic_quote: the `$'…'` form `printf %q` and `${V@Q}` fall back to once a string
 * holds a control character, with C's escapes and octal for the rest.
 */
const C_ESCAPES: Readonly<Record<string, string>> = {
  "\x07": "\\a",
  "\b": "\\b",
  "\x1b": "\\E",
  "\f": "\\f",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
  "\v": "\\v",
  "\\": "\\\\",
  "'": "\\'",
};

/** Whether bash would need `$'…'` to write `s` back. */
export function needsAnsiC(s: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /[\x00-\x1f\x7f]/.test(s);
}

export function ansiCQuoted(s: string): string {
  return `$'${[...s]
    .map((c) => C_ESCAPES[c] ?? (c < " " || c === "\x7f" ? `\\${c.charCodeAt(0).toString(8).padStart(3, "0")}` : c))
    .join("")}'`;
}
