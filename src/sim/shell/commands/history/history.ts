/**
 * `history`: the lines typed into this interactive shell (sim/index.ts keeps them in the
 * session as each is read, this one included), numbered as bash prints them (`%5d  %s`,
 * from 1) or busybox ash (`%4d %s`, from 0). A shell reading `-c` or a script keeps no
 * history, so there it prints nothing, as the oracle's `bash -c` shows. bash's `-c`, `-d N`
 * and `N` work on the list; busybox ash's `history` only lists, whatever follows it.
 */
import type { Command } from "../../command.ts";
import { builtinShell } from "../../machine.ts";

const USAGE = "history: usage: history [-c] [-d offset] [n] or history -anrw [filename] or history -ps arg [arg...]\n";

export const history: Command = (argv, { world, session }) => {
  const { sh, prefix } = builtinShell(world, session);
  // A shell reading `-c` (or a script) inherits no history to show, though its session was copied from one that has.
  const lines = session.noTty || session.shell === "bash-c" ? [] : (session.history ?? []);
  if (sh)
    return { world, stdout: lines.map((l, i) => `${String(i).padStart(4)} ${l}\n`).join(""), stderr: "", exitCode: 0 };
  const fail = (text: string, exitCode = 1) => ({ world, stdout: "", stderr: prefix + text, exitCode });
  let clear = false;
  let del: string | undefined;
  let i = 1;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") {
      i++;
      break;
    }
    if (!a.startsWith("-") || a === "-" || /^-\d+$/.test(a)) break;
    const c = a[1]!;
    if (c === "c" && a.length === 2) clear = true;
    else if (c === "d") {
      del = a.length > 2 ? a.slice(2) : argv[++i];
      if (del === undefined) return fail(`history: -d: option requires an argument\n${USAGE}`, 2);
    } else if ("anrwps".includes(c)) continue;
    else return fail(`history: -${c}: invalid option\n${USAGE}`, 2);
  }
  if (clear) return { world, stdout: "", stderr: "", exitCode: 0, session: { ...session, history: [] } };
  if (del !== undefined) {
    const n = /^-?\d+$/.test(del) ? Number(del) : NaN;
    if (Number.isNaN(n)) return fail(`history: ${del}: numeric argument required\n`);
    const at = n < 0 ? lines.length + n : n - 1;
    if (at < 0 || at >= lines.length) return fail(`history: ${del}: history position out of range\n`);
    return {
      world,
      stdout: "",
      stderr: "",
      exitCode: 0,
      session: { ...session, history: lines.filter((_, j) => j !== at) },
    };
  }
  const count = argv[i];
  if (count !== undefined && !/^\d+$/.test(count)) return fail(`history: ${count}: numeric argument required\n`);
  const from = count === undefined ? 0 : Math.max(0, lines.length - Number(count));
  const stdout = lines
    .slice(from)
    .map((l, j) => `${String(from + j + 1).padStart(5)}  ${l}\n`)
    .join("");
  return { world, stdout, stderr: "", exitCode: 0 };
};
