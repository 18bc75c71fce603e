/**
 * A function as `declare -f NAME` and `type NAME` print it: bash's own layout, `NAME () `,
 * the body's `{ ` on a line of its own, each command of the body on its own line four
 * spaces in and all but the last ended by `;`, then `}`. The commands are shown as typed
 * (bash re-spaces a command's words and lays a compound command out over several lines;
 * the lab keeps them as written).
 */
import { OPENERS, reserved } from "./compound.ts";
import { tokenize, type Token } from "./lex.ts";

const ENDS = new Set(["done", "fi", "esac", "}"]);

function at(t: Token | undefined, fallback: number): number {
  return t && "at" in t && t.at !== undefined ? t.at : fallback;
}

/** The commands of a `{ …; }` body, split where a `;` or a newline ends one at the top level. */
function commandsOf(body: string): string[] | undefined {
  const t = tokenize(body);
  if (!("tokens" in t)) return undefined;
  const tokens = t.tokens;
  if (reserved(tokens[0]) !== "{" || reserved(tokens[tokens.length - 1]) !== "}") return undefined;
  const out: string[] = [];
  let depth = 0;
  let from = at(tokens[1], body.length);
  const close = at(tokens[tokens.length - 1], body.length);
  for (let i = 1; i < tokens.length - 1; i++) {
    const x = tokens[i]!;
    const w = reserved(x);
    if ((w !== undefined && (Object.hasOwn(OPENERS, w) || w === "{")) || (x.kind === "op" && x.value === "(")) depth++;
    else if ((w !== undefined && ENDS.has(w)) || (x.kind === "op" && x.value === ")")) depth--;
    else if (depth === 0 && x.kind === "op" && (x.value === ";" || x.value === "\n")) {
      const text = body.slice(from, at(x, from)).trim();
      if (text !== "") out.push(text);
      from = at(tokens[i + 1], close);
    }
  }
  const last = body.slice(from, close).trim();
  if (last !== "") out.push(last);
  return out;
}

export function functionText(name: string, body: string): string {
  const cmds = commandsOf(body);
  if (!cmds) return `${name} () \n${body}\n`;
  // Every command but the last keeps a `;` at its end.
  return `${name} () \n{ \n${cmds.map((c, i) => `    ${c}${i < cmds.length - 1 ? ";" : ""}\n`).join("")}}\n`;
}
