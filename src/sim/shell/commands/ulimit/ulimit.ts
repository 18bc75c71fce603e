/**
 * `ulimit` as bash 5.2 runs it (ulimit.def): options cluster, each resource letter may take
 * the value in the next word, `-S`/`-H` pick the soft or hard limit (setting without either
 * sets both), `-a` shows them all, and a limit is printed with its description when more
 * than one is asked for (busybox ash's words: ash.ts). The limits live in the session: a shell
 * and what it starts share them.
 */
import type { Command, CommandResult, Session } from "../../command.ts";
import { errorPrefix, machineOf, shellOf } from "../../machine.ts";
import { LIMITS, type Limit } from "./limits.ts";
import { ashInvalid, ashKnows, ashLine, isAsh } from "./ash.ts";

type Value = number | "unlimited";
export type Limits = Readonly<Record<string, readonly [Value, Value]>>;

const USAGE = "ulimit: usage: ulimit [-SHabcdefiklmnpqrstuvxPRT] [limit]\n";
/** fs.nr_open: no open-files limit goes above it. */
const NR_OPEN = 1048576;

export function limitsOf(session: Session, l: Limit): readonly [Value, Value] {
  return session.limits?.[l.opt] ?? [l.soft, l.hard];
}

const shown = (v: Value, l: Limit) => (v === "unlimited" ? "unlimited" : String(Math.floor(v / l.factor)));

/** `ulimit -a`'s line: the description, its unit and option right-aligned in twenty columns, the value. */
function described(l: Limit, v: Value): string {
  const unit = l.units ? `(${l.units}, -${l.opt}) ` : `(-${l.opt}) `;
  return `${l.desc.padEnd(20)} ${unit.padStart(20)}${shown(v, l)}\n`;
}

export const ulimit: Command = (argv, { world, session }): CommandResult => {
  const prefix = errorPrefix(shellOf(session, machineOf(world, session)));
  const ash = isAsh(session, prefix);
  const fail = (text: string, exitCode = 1): CommandResult => ({ world, stdout: "", stderr: text, exitCode });
  let all = false;
  let soft = false;
  let hard = false;
  const cmds: { limit: Limit; arg?: string }[] = [];
  let i = 1;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") {
      i++;
      break;
    }
    if (!a.startsWith("-") || a === "-") break;
    for (let j = 1; j < a.length; j++) {
      const c = a[j]!;
      if (c === "a") all = true;
      else if (c === "S") soft = true;
      else if (c === "H") hard = true;
      else {
        const limit = LIMITS.find((l) => l.opt === c && (!ash || ashKnows(c)));
        if (!limit) return ash ? fail(ashInvalid(c), 1) : fail(`${prefix}ulimit: -${c}: invalid option\n${USAGE}`, 2);
        // The value may follow in the same word or in the next one, when that is not an option.
        const inWord = a.slice(j + 1);
        const next = argv[i + 1];
        if (inWord !== "") {
          cmds.push({ limit, arg: inWord });
          break;
        }
        if (next !== undefined && !next.startsWith("-")) {
          cmds.push({ limit, arg: next });
          i++;
        } else cmds.push({ limit });
        break;
      }
    }
  }
  const rest = argv.slice(i);
  const which = hard && !soft ? 1 : 0;
  if (all) {
    const lines = ash
      ? LIMITS.filter((l) => ashKnows(l.opt)).map((l) => ashLine(l, shown(limitsOf(session, l)[which], l)))
      : LIMITS.map((l) => described(l, limitsOf(session, l)[which]));
    return { world, stdout: lines.join(""), stderr: "", exitCode: 0 };
  }
  if (cmds.length === 0) cmds.push({ limit: LIMITS.find((l) => l.opt === "f")!, ...(rest[0] ? { arg: rest[0] } : {}) });
  else if (rest.length > 0 && cmds[cmds.length - 1]!.arg === undefined) cmds[cmds.length - 1]!.arg = rest[0];
  let stdout = "";
  let stderr = "";
  let exitCode = 0;
  let limits: Record<string, readonly [Value, Value]> = { ...session.limits };
  let changed = false;
  for (const { limit, arg } of cmds) {
    const [curSoft, curHard] = limits[limit.opt] ?? [limit.soft, limit.hard];
    if (arg === undefined) {
      const v = which === 1 ? curHard : curSoft;
      stdout += cmds.length > 1 ? described(limit, v) : shown(v, limit) + "\n";
      continue;
    }
    let v: Value;
    if (arg === "unlimited") v = "unlimited";
    else if (arg === "hard") v = curHard;
    else if (arg === "soft") v = curSoft;
    else if (/^\d+$/.test(arg)) v = Number(arg) * limit.factor;
    else {
      stderr += `${prefix}ulimit: ${arg}: invalid number\n`;
      exitCode = 1;
      continue;
    }
    const setSoft = soft || !hard;
    const setHard = hard || !soft;
    const nextSoft = setSoft ? v : curSoft;
    const nextHard = setHard ? v : curHard;
    const above = (a: Value, b: Value) => b !== "unlimited" && (a === "unlimited" || a > b);
    const why =
      limit.opt === "p" || above(nextSoft, nextHard)
        ? "Invalid argument"
        : limit.opt === "n" && above(nextHard, NR_OPEN)
          ? "Operation not permitted"
          : undefined;
    if (why) {
      stderr += `${prefix}ulimit: ${limit.desc}: cannot modify limit: ${why}\n`;
      exitCode = 1;
      continue;
    }
    limits = { ...limits, [limit.opt]: [nextSoft, nextHard] };
    changed = true;
  }
  // A limit only read leaves the shell as it was: the lab's undo then takes it for a look.
  return { world, stdout, stderr, exitCode, ...(changed ? { session: { ...session, limits } } : {}) };
};
