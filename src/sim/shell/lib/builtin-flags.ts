/**
 * A builtin's flag options as bash's internal_getopt (and ash's nextopt) read them: clusters
 * (`-dms`), up to `--`, a lone `-` or the first word that is not an option.
 */
export function builtinFlags(
  argv: readonly string[],
  allowed: string,
): { readonly flags: ReadonlySet<string>; readonly next: number } | { readonly bad: string } {
  const flags = new Set<string>();
  let i = 1;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") return { flags, next: i + 1 };
    if (!a.startsWith("-") || a === "-") break;
    for (const c of a.slice(1)) {
      if (!allowed.includes(c)) return { bad: c };
      flags.add(c);
    }
  }
  return { flags, next: i };
}
