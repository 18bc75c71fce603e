/**
 * Alias expansion: an interactive bash replaces a command's first word by the alias's
 * text (bash -c and scripts do not, as `expand_aliases` is off there). An alias is not
 * expanded again inside its own expansion (`alias ls='ls -F'`), as bash does.
 */
import type { Session } from "./command.ts";
import type { Shell } from "./redirect.ts";

const expanding = new Set<string>();

/** The line an aliased command runs, or undefined when `name` is no alias here. */
export function aliasLine(session: Session, shell: Shell, argv: readonly string[]): string | undefined {
  const name = argv[0] ?? "";
  if (shell !== "bash" || !session.aliases || !Object.hasOwn(session.aliases, name) || expanding.has(name))
    return undefined;
  const args = argv.slice(1).map((a) => `'${a.replace(/'/g, `'\\''`)}'`);
  return [session.aliases[name]!, ...args].join(" ");
}

/** Runs `run` with `name` marked as being expanded. */
export function withAlias<T>(name: string, run: () => T): T {
  expanding.add(name);
  try {
    return run();
  } finally {
    expanding.delete(name);
  }
}
