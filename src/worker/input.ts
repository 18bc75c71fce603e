/**
 * Whether bash would wait for more lines before running an input (an open quote, a
 * here-document without its delimiter line, a trailing `|`, `&&`, `||` or `\`). Pure and
 * small, so the page asks it directly (through the store) as a person types, without a
 * round trip to the worker.
 */
export { needsMoreInput } from "../sim/shell/parse.ts";
