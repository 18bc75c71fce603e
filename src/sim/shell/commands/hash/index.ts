/**
 * `hash`: the shell's table of where it found programs. The lab's shell looks a
 * program up afresh each time, so the table is empty, as in a new bash (busybox ash
 * prints nothing then).
 */
import type { Command } from "../../command.ts";
import { providerOf, shellOf, machineOf } from "../../machine.ts";
import { type CommandModule, flag, FREE } from "../../spec.ts";

const hash: Command = (argv, ctx) => {
  const shell = shellOf(ctx.session, machineOf(ctx.world, ctx.session));
  const names = argv.slice(1).filter((a) => !a.startsWith("-"));
  const flags = argv.slice(1).filter((a) => a.startsWith("-"));
  if (flags.length || shell === "sh") return { world: ctx.world, stdout: "", stderr: "", exitCode: 0 };
  if (names.length === 0) return { world: ctx.world, stdout: "hash: hash table empty\n", stderr: "", exitCode: 0 };
  const machine = machineOf(ctx.world, ctx.session);
  const prefix = `bash: ${shell === "bash-c" ? "line 1: " : ""}hash: `;
  const stderr = names
    .filter((n) => providerOf(machine, shell, n) === undefined)
    .map((n) => `${prefix}${n}: not found\n`)
    .join("");
  return { world: ctx.world, stdout: "", stderr, exitCode: stderr ? 1 : 0 };
};

export const COMMAND: CommandModule = {
  spec: { name: "hash", summary: "Remember or display program locations.", options: [flag("-r")], args: [FREE] },
  run: hash,
};
