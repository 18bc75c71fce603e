/**
 * bash's `help` (help.def in bash 5.2): the builtins' list, or the topics whose names
 * match each pattern, first as a whole name or a glob, else as a prefix (`help e`).
 * `-d` prints the one-line descriptions, `-s` the synopses, `-m` a manual page.
 * busybox ash's `help` prints its list of builtins and applets, whatever follows.
 */
import type { Command } from "../../command.ts";
import { builtinShell } from "../../machine.ts";
import { matchPattern } from "../../pattern.ts";
import { builtinFlags } from "../../lib/builtin-flags.ts";
import { BASH_HELP_LIST, BASH_TOPICS, BUSYBOX_HELP } from "./topics.ts";
import type { HelpTopic } from "./types.ts";

const VERSION = "GNU bash, version 5.2.15(1)-release (x86_64-pc-linux-gnu)";

function manPage(t: HelpTopic): string {
  return (
    `NAME\n    ${t.name} - ${t.short}\n\nSYNOPSIS\n    ${t.synopsis}\n\nDESCRIPTION\n${t.body}\n` +
    `SEE ALSO\n    bash(1)\n\nIMPLEMENTATION\n    ${VERSION}\n    Copyright (C) 2022 Free Software Foundation, Inc.\n` +
    "    License GPLv3+: GNU GPL version 3 or later <http://gnu.org/licenses/gpl.html>\n\n"
  );
}

function isGlob(s: string): boolean {
  return /[*?[]/.test(s);
}

/** The topics a pattern names: exact or glob matches, else those it is a prefix of. */
function matching(pattern: string): HelpTopic[] {
  const glob = isGlob(pattern) ? [{ text: pattern, quoted: false }] : undefined;
  const exact = BASH_TOPICS.filter((t) => t.name === pattern || (glob !== undefined && matchPattern(t.name, glob)));
  return exact.length > 0 ? exact : BASH_TOPICS.filter((t) => t.name.startsWith(pattern));
}

export const help: Command = (argv, { world, session }) => {
  const { sh, prefix } = builtinShell(world, session);
  if (sh) return { world, stdout: BUSYBOX_HELP, stderr: "", exitCode: 0 };
  const opts = builtinFlags(argv, "dms");
  if ("bad" in opts) {
    const stderr = `${prefix}help: -${opts.bad}: invalid option\nhelp: usage: help [-dms] [pattern ...]\n`;
    return { world, stdout: "", stderr, exitCode: 2 };
  }
  const [d, m, s] = ["d", "m", "s"].map((f) => opts.flags.has(f));
  const patterns = argv.slice(opts.next);
  if (patterns.length === 0) return { world, stdout: BASH_HELP_LIST, stderr: "", exitCode: 0 };
  // bash names the patterns when the first one is a glob.
  let stdout = isGlob(patterns[0]!)
    ? `Shell commands matching keyword${patterns.length > 1 ? "s" : ""} \`${patterns.join(", ")}'\n\n`
    : "";
  let found = 0;
  for (const p of patterns) {
    for (const t of matching(p)) {
      found++;
      if (d) stdout += `${t.name} - ${t.short}\n`;
      else if (m) stdout += manPage(t);
      else stdout += `${t.name}: ${t.synopsis}\n` + (s ? "" : t.body);
    }
  }
  if (found > 0) return { world, stdout, stderr: "", exitCode: 0 };
  const last = patterns[patterns.length - 1]!;
  const stderr = `${prefix}help: no help topics match \`${last}'.  Try \`help help' or \`man -k ${last}' or \`info ${last}'.\n`;
  return { world, stdout: "", stderr, exitCode: 1 };
};
