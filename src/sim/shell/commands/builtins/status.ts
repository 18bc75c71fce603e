/** `true` and `false`: builtins in every shell the lab has. */
import { ok, type Command } from "../../command.ts";

export const trueCmd: Command = (_argv, { world }) => ok(world);

export const falseCmd: Command = (_argv, { world }) => ({ world, stdout: "", stderr: "", exitCode: 1 });
