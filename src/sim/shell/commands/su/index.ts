/**
 * `su [-] [-c CMD] [USER]`: everyone in the lab is root already, so `su -c CMD` runs
 * CMD in a new shell as root; the system accounts have nologin as their shell. The
 * nginx image's busybox su looks for /bin/bash, which that image does not have there.
 */
import type { Command } from "../../command.ts";
import { isBusybox, machineOf } from "../../machine.ts";
import { type CommandModule, flag, FREE, valued } from "../../spec.ts";

const SYSTEM_USERS = ["daemon", "bin", "sys", "sync", "games", "man", "lp", "mail", "news", "uucp", "proxy", "www-data", "backup", "list", "irc", "_apt", "nobody"]; // prettier-ignore

const su: Command = (argv, ctx) => {
  if (isBusybox(machineOf(ctx.world, ctx.session), "su"))
    return {
      world: ctx.world,
      stdout: "",
      stderr: "su: can't execute '/bin/bash': No such file or directory\n",
      exitCode: 1,
    };
  let command: string | undefined;
  let user = "root";
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "-c" || a === "--command") command = argv[++i] ?? "";
    else if (a.startsWith("--command=")) command = a.slice(10);
    else if (a === "-s" || a === "--shell") i++;
    else if (!a.startsWith("-")) user = a;
  }
  if (user !== "root") {
    if (SYSTEM_USERS.includes(user))
      return { world: ctx.world, stdout: "", stderr: "This account is currently not available.\n", exitCode: 1 };
    return {
      world: ctx.world,
      stdout: "",
      stderr: `su: user ${user} does not exist or the user entry does not contain all the required fields\n`,
      exitCode: 1,
    };
  }
  // Without -c a real su starts root's login shell; here the terminal is root's shell already.
  if (command === undefined) return { world: ctx.world, stdout: "", stderr: "", exitCode: 0 };
  const r = ctx.runLine(ctx.world, { ...ctx.session, shell: "bash-c" }, command);
  const { session: _moved, ...rest } = r;
  return rest;
};

export const COMMAND: CommandModule = {
  spec: {
    name: "su",
    summary: "run a command with substitute user and group ID",
    options: [flag(["-", "-l", "--login"]), valued(["-c", "--command"]), valued(["-s", "--shell"])],
    args: [FREE],
  },
  run: su,
};
