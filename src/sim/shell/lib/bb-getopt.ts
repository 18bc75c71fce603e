/**
 * busybox's getopt32 for a plain option string: FLAGS take nothing and cluster (`-nI`),
 * VALUED take the rest of their word or the next word; any other letter is refused in
 * busybox's words, followed by the applet's usage. Every option is read before the
 * applet converts a value, as getopt32 stores them all first; a repeated one keeps the last.
 */
import { usage } from "./busybox-usage.ts";

export interface BbOptions {
  readonly flags: ReadonlySet<string>;
  readonly values: ReadonlyMap<string, string>;
  readonly operands: readonly string[];
}

export function bbGetopt(
  applet: string,
  argv: readonly string[],
  flags: string,
  valued: string,
): BbOptions | { readonly error: string } {
  const seen = new Set<string>();
  const values = new Map<string, string>();
  const operands: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith("-") || a === "-") {
      operands.push(a);
      continue;
    }
    for (let j = 1; j < a.length; j++) {
      const f = a[j]!;
      if (flags.includes(f)) {
        seen.add(f);
        continue;
      }
      if (!valued.includes(f)) return { error: `${applet}: invalid option -- '${f}'\n${usage(applet)}` };
      const v = j + 1 < a.length ? a.slice(j + 1) : argv[++i];
      if (v === undefined) return { error: `${applet}: option requires an argument -- '${f}'\n${usage(applet)}` };
      values.set(f, v);
      break;
    }
  }
  return { flags: seen, values, operands };
}
