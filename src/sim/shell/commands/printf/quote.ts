/**
 * printf's `%q`: a word the shell reads back as the same string, as bash quotes it
 * (sh_backslash_quote, ansic_quote): `''` for nothing, `$'…'` when it holds control
 * characters, else a backslash before each character the shell would act on.
 */
import { ansiCQuoted, needsAnsiC } from "../../lib/ansi-c-quote.ts";

const ALWAYS = new Set([..." \t\n'\"\\|&;()<>!{}*[?]^$`,"]);

export function shellQuoted(s: string): string {
  if (s === "") return "''";
  if (needsAnsiC(s)) return ansiCQuoted(s);
  return [...s].map((c, i) => (ALWAYS.has(c) || (i === 0 && (c === "~" || c === "#")) ? `\\${c}` : c)).join("");
}
