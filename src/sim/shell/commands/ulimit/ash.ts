/**
 * busybox ash's `ulimit` (shell_common.c): getopt's own refusal for an unknown option
 * (status 1, named `ulimit`), and `-a` as `description (unit)` in 32 columns, `(-X) `, the
 * value. It knows neither -R nor -p.
 */
import type { Session } from "../../command.ts";
import type { Limit } from "./limits.ts";

const ASH_WORDS: Readonly<Record<string, string>> = {
  c: "core file size (blocks)",
  d: "data seg size (kb)",
  e: "scheduling priority",
  f: "file size (blocks)",
  i: "pending signals",
  l: "max locked memory (kb)",
  m: "max memory size (kb)",
  n: "open files",
  q: "POSIX message queues (bytes)",
  r: "real-time priority",
  s: "stack size (kb)",
  t: "cpu time (seconds)",
  u: "max user processes",
  v: "virtual memory (kb)",
  x: "file locks",
};

export const ashKnows = (opt: string) => Object.hasOwn(ASH_WORDS, opt);

export const ashInvalid = (opt: string) => `ulimit: invalid option -- '${opt}'\n`;

export function ashLine(l: Limit, value: string): string {
  return `${ASH_WORDS[l.opt]!.padEnd(32)}(-${l.opt}) ${value}\n`;
}

export const isAsh = (session: Session, prefix: string) => prefix === "sh: " && !session.dash;
