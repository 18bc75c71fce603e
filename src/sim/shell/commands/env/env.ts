/**
 * `env` (GNU coreutils on the host, busybox in containers) and `printenv` (coreutils):
 * the environment the shell hands the commands it starts, its exported variables, or
 * a command run with that environment changed (`env FOO=bar sh -c 'echo $FOO'`,
 * `env -u HOME ...`, `env -i ...`).
 */
import type { Command, CommandContext, CommandResult, Session } from "../../command.ts";
import { BUSYBOX_APPLETS } from "../../../machines/packages.ts";
import { isBusybox, machineOf, onPath } from "../../machine.ts";
import { exportedEnv, NAME, startEnv } from "../../vars.ts";
import { commandText } from "../../lib/command-text.ts";

const TRY = "Try 'env --help' for more information.\n";
function listing(env: Readonly<Record<string, string>>): string {
  return Object.entries(env)
    .map(([k, v]) => `${k}=${v}\n`)
    .join("");
}

/** The session a command started by `env` runs in: its variables set, unset or cleared. */
function childSession(ctx: CommandContext, clear: boolean, unset: readonly string[], set: [string, string][]): Session {
  const s = ctx.session;
  const base = clear ? {} : exportedEnv(ctx.world, s);
  for (const n of unset) delete base[n];
  for (const [k, v] of set) base[k] = v;
  const vars = Object.fromEntries(Object.entries(base).filter(([k]) => NAME.test(k)));
  // What the child's environment no longer has from the machine's start.
  const gone = Object.keys(startEnv(ctx.world, s)).filter((n) => !Object.hasOwn(base, n));
  return { ...s, vars, exported: Object.keys(vars), unset: gone };
}

export const env: Command = (argv, ctx): CommandResult => {
  const bb = isBusybox(machineOf(ctx.world, ctx.session), "env");
  const fail = (stderr: string, exitCode: number): CommandResult => ({
    world: ctx.world,
    stdout: "",
    stderr,
    exitCode,
  });
  let clear = false;
  const unset: string[] = [];
  let i = 1;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") {
      i++;
      break;
    }
    if (a === "-" || a === "-i" || a === "--ignore-environment") clear = true;
    else if (a === "-u" || a === "--unset") {
      const n = argv[++i];
      if (n === undefined)
        return fail(
          bb ? "env: option requires an argument -- 'u'\n" : `env: option requires an argument -- 'u'\n${TRY}`,
          bb ? 1 : 125,
        );
      unset.push(n);
    } else if (a.startsWith("--unset=")) unset.push(a.slice(8));
    else if (/^-u./.test(a)) unset.push(a.slice(2));
    else if (a === "-0" || a === "--null") continue;
    else if (a.startsWith("-") && a.length > 1) {
      const ch = a.startsWith("--") ? undefined : a[1];
      if (bb) return fail(`env: unrecognized option '${a}'\n`, 1);
      return fail(
        ch === undefined ? `env: unrecognized option '${a}'\n${TRY}` : `env: invalid option -- '${ch}'\n${TRY}`,
        125,
      );
    } else break;
  }
  const set: [string, string][] = [];
  for (; i < argv.length && argv[i]!.includes("=") && !argv[i]!.startsWith("="); i++) {
    const a = argv[i]!;
    const eq = a.indexOf("=");
    set.push([a.slice(0, eq), a.slice(eq + 1)]);
  }
  const cmd = argv.slice(i);
  const child = childSession(ctx, clear, unset, set);
  if (cmd.length === 0) {
    const shown: Record<string, string> = {};
    for (const k of child.exported ?? []) shown[k] = child.vars?.[k] ?? "";
    return { world: ctx.world, stdout: listing(shown), stderr: "", exitCode: 0 };
  }
  // env execs the program itself, as docker exec does (no shell builtins); a standalone
  // busybox prefers its own applets.
  const name = cmd[0]!;
  const spec = machineOf(ctx.world, ctx.session).spec;
  if (!onPath(spec, name) && !(spec.busyboxStandalone && BUSYBOX_APPLETS.includes(name))) {
    const stderr = bb
      ? `env: can't execute '${name}': No such file or directory\n`
      : `env: \u2018${name}\u2019: No such file or directory\n`;
    return { world: ctx.world, stdout: "", stderr, exitCode: 127 };
  }
  const r = ctx.runLine(ctx.world, child, commandText(cmd));
  const { session: _child, ...rest } = r;
  return rest;
};

export const printenv: Command = (argv, ctx): CommandResult => {
  const all = exportedEnv(ctx.world, ctx.session);
  const names = argv.slice(1).filter((a) => a !== "--");
  const bad = names.find((n) => n.startsWith("-") && n !== "-0" && n !== "--null");
  if (bad !== undefined) {
    const text = bad.startsWith("--")
      ? `printenv: unrecognized option '${bad}'\n`
      : `printenv: invalid option -- '${bad[1]}'\n`;
    return {
      world: ctx.world,
      stdout: "",
      stderr: `${text}Try 'printenv --help' for more information.\n`,
      exitCode: 2,
    };
  }
  if (names.length === 0) return { world: ctx.world, stdout: listing(all), stderr: "", exitCode: 0 };
  let stdout = "";
  let missing = false;
  for (const n of names) {
    if (Object.hasOwn(all, n)) stdout += all[n] + "\n";
    else missing = true;
  }
  return { world: ctx.world, stdout, stderr: "", exitCode: missing ? 1 : 0 };
};
