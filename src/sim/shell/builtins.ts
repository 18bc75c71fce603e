/** Shell builtins and tiny coreutils whose behaviour needs no world state. */
import { getNetns, updateNetns } from "../kernel/netns.ts";
import { fail, ok, type Command } from "./command.ts";
import { runLine } from "./run.ts";

export const echo: Command = (argv, { world }) => {
  let args = argv.slice(1);
  let newline = true;
  while (args[0] === "-n" || args[0] === "-e" || args[0] === "-E") {
    if (args[0] === "-n") newline = false;
    args = args.slice(1);
  }
  return ok(world, args.join(" ") + (newline ? "\n" : ""));
};

export const trueCmd: Command = (_argv, { world }) => ok(world);

export const falseCmd: Command = (_argv, { world }) => ({ world, stdout: "", stderr: "", exitCode: 1 });

export const hostname: Command = (argv, { world, session }) => {
  const ns = getNetns(world, session.machine);
  const name = argv[1];
  // Every terminal in the lab is root, so `hostname NAME` sets the UTS name as it would.
  if (name !== undefined) return ok(updateNetns(world, session.machine, (n) => ({ ...n, hostname: name })));
  return ok(world, (ns?.hostname ?? "localhost") + "\n");
};

/**
 * `bash -c LINE` and `sh -c LINE`: the line runs in a child shell, whose error
 * messages carry its own name. Without -c an interactive shell would start; the
 * lab's terminal already is one, so nothing changes.
 */
function shellCommand(kind: "bash" | "sh"): Command {
  return (argv, ctx) => {
    const i = argv.indexOf("-c");
    if (i < 0) return ok(ctx.world);
    const line = argv[i + 1];
    if (line === undefined) {
      return fail(
        ctx.world,
        kind === "sh" ? "sh: -c requires an argument\n" : "bash: -c: option requires an argument\n",
        2,
      );
    }
    const r = runLine(ctx.world, { ...ctx.session, shell: kind === "bash" ? "bash-c" : "sh" }, line);
    const { session: _nested, ...rest } = r;
    return rest;
  };
}

export const bash = shellCommand("bash");
export const sh = shellCommand("sh");
