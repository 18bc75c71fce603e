/**
 * `cd` and `pwd`: the working directory lives in the session, so each terminal
 * (the host's, a container's `docker exec -it` shell) keeps its own. Errors take
 * the shell's wording: bash's `bash: cd: X: No such file or directory` (status 1),
 * busybox sh's `sh: cd: can't cd to X: ...` (status 2; `line 0:` under `sh -c`).
 */
import type { Command, CommandResult, Session } from "../../command.ts";
import { errnoText, lookup, viewOf } from "../../lib/vfs.ts";
import { machineOf, shellOf } from "../../machine.ts";
import { cwdOf, lookupVar, normalizePath } from "../../vars.ts";

function cdError(session: Session, shell: ReturnType<typeof shellOf>, dir: string, why: string): string {
  // dash (Debian's sh) names neither the line here (the caller does) nor the reason.
  if (shell === "sh" && session.dash) return `sh: cd: can't cd to ${dir}\n`;
  if (shell === "sh") return `sh: cd: ${session.noTty ? "line 0: " : ""}can't cd to ${dir}: ${why}\n`;
  return `bash: ${shell === "bash-c" ? "line 1: " : ""}cd: ${dir}: ${why}\n`;
}

export const cd: Command = (argv, { world, session }): CommandResult => {
  const shell = shellOf(session, machineOf(world, session));
  const args = argv.slice(1).filter((a, i) => !(i === 0 && (a === "-L" || a === "-P" || a === "--")));
  const fail = (text: string, code = shell === "sh" ? 2 : 1): CommandResult => ({
    world,
    stdout: "",
    stderr: text,
    exitCode: code,
  });
  if (args.length > 1 && shell !== "sh")
    return fail(`bash: ${shell === "bash-c" ? "line 1: " : ""}cd: too many arguments\n`, 1);
  let target = args[0];
  let print = false;
  if (target === undefined || target === "~") {
    target = lookupVar(world, session, "HOME");
    if (target === undefined) return fail(`bash: ${shell === "bash-c" ? "line 1: " : ""}cd: HOME not set\n`, 1);
  } else if (target === "-") {
    target = session.oldpwd;
    if (target === undefined) {
      if (shell === "sh") target = cwdOf(world, session);
      else return fail(`bash: ${shell === "bash-c" ? "line 1: " : ""}cd: OLDPWD not set\n`, 1);
    }
    print = true;
  }
  const here = cwdOf(world, session);
  const abs = normalizePath(here, target);
  const found = lookup(viewOf(world, session), abs);
  if ("error" in found) return fail(cdError(session, shell, target, errnoText(found.error)));
  if (found.node.stat.type !== "dir") return fail(cdError(session, shell, target, "Not a directory"));
  return {
    world,
    stdout: print ? abs + "\n" : "",
    stderr: "",
    exitCode: 0,
    session: { ...session, cwd: abs, oldpwd: here },
  };
};

/** `pwd`: the directory `cd` left the shell in (or where the machine's shells start). */
export const pwd: Command = (_argv, { world, session }) => ({
  world,
  stdout: cwdOf(world, session) + "\n",
  stderr: "",
  exitCode: 0,
});
