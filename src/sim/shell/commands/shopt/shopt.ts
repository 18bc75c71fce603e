/**
 * `shopt [-pqsu] [-o] [optname ...]` as bash 5.2 answers it (shopt.def): set or unset the
 * named options, or list them (all, or those on with `-s`, off with `-u`) as `name<TAB>on`
 * lines or, with `-p`, as the commands that restore them; `-q` only answers in the status.
 * With names, the status says whether all of them are on. `-o` works on `set -o`'s options.
 */
import type { Command, CommandResult, Session } from "../../command.ts";
import { builtinFlags } from "../../lib/builtin-flags.ts";
import { errorPrefix, machineOf, shellOf } from "../../machine.ts";
import {
  isSetOption,
  isShopt,
  optionLine,
  SET_O_DEFAULTS,
  setOptionOn,
  SHOPT_DEFAULTS,
  shoptOn,
} from "../../lib/shell-options.ts";

const USAGE = "shopt: usage: shopt [-pqsu] [-o] [optname ...]\n";

export const shopt: Command = (argv, { world, session }): CommandResult => {
  const prefix = errorPrefix(shellOf(session, machineOf(world, session)));
  const fail = (text: string, exitCode: number): CommandResult => ({ world, stdout: "", stderr: text, exitCode });
  const opts = builtinFlags(argv, "pqsuo");
  if ("bad" in opts) return fail(`${prefix}shopt: -${opts.bad}: invalid option\n${USAGE}`, 2);
  const { flags } = opts;
  const names = argv.slice(opts.next);
  const setOn = flags.has("s");
  const setOff = flags.has("u");
  if (setOn && setOff) return fail(`${prefix}shopt: cannot set and unset shell options simultaneously\n`, 1);
  const ofSet = flags.has("o");
  const known = ofSet ? isSetOption : isShopt;
  const on = (n: string) => (ofSet ? setOptionOn(session, n) : shoptOn(session, n));
  const line = (n: string) =>
    !flags.has("p")
      ? optionLine(n, on(n))
      : ofSet
        ? `set ${on(n) ? "-" : "+"}o ${n}\n`
        : `shopt ${on(n) ? "-s" : "-u"} ${n}\n`;
  let stderr = "";
  let exitCode = 0;
  if ((setOn || setOff) && names.length > 0) {
    let next: Session = session;
    for (const n of names) {
      if (!known(n)) {
        stderr += `${prefix}shopt: ${n}: invalid ${ofSet ? "option name" : "shell option name"}\n`;
        exitCode = 1;
        continue;
      }
      next = ofSet
        ? { ...next, opts: { ...next.opts, [n]: setOn } }
        : { ...next, shopts: { ...next.shopts, [n]: setOn } };
    }
    return { world, stdout: "", stderr, exitCode, session: next };
  }
  const all = (ofSet ? SET_O_DEFAULTS : SHOPT_DEFAULTS).map(([n]) => n);
  const shown = names.length > 0 ? names : all.filter((n) => (setOn ? on(n) : setOff ? !on(n) : true));
  let stdout = "";
  for (const n of shown) {
    if (!known(n)) {
      stderr += `${prefix}shopt: ${n}: invalid ${ofSet ? "option name" : "shell option name"}\n`;
      exitCode = 1;
      continue;
    }
    if (names.length > 0 && !on(n)) exitCode = 1;
    if (!flags.has("q")) stdout += line(n);
  }
  return { world, stdout, stderr, exitCode };
};
