/** Shell builtins and tiny coreutils whose behaviour needs no world state. */
import { getNetns, updateNetns } from "../kernel/netns.ts";
import { ok, type Command } from "./command.ts";

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
