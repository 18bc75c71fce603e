/**
 * printf's `%q`: a word the shell reads back as the same string, as bash quotes it
 * (sh_backslash_quote, ansic_quote): `''` for nothing, `$'…'` when it holds control
 * characters, else a backslash before each character the shell would act on.
 */
const ALWAYS = new Set([..." \t\n'\"\\|&;()<>!{}*[?]^$`,"]);
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

export function shellQuoted(s: string): string {
  if (s === "") return "''";
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(s))
    return `$'${[...s]
      .map((c) => C_ESCAPES[c] ?? (c < " " || c === "\x7f" ? `\\${c.charCodeAt(0).toString(8).padStart(3, "0")}` : c))
      .join("")}'`;
  return [...s].map((c, i) => (ALWAYS.has(c) || (i === 0 && (c === "~" || c === "#")) ? `\\${c}` : c)).join("");
}
