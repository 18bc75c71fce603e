/** Argument words written back as a command line, as bash shows them in `jobs` and as `timeout`, `busybox`, `env` and `xargs` run them again. */

/** A word as bash shows it again in `jobs`: quoted when it needs to be. */
function shellWord(w: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`;
}

export function commandText(argv: readonly string[]): string {
  return argv.map(shellWord).join(" ");
}
