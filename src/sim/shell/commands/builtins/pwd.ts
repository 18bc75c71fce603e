/** `pwd`: every lab terminal starts where its machine says (root's home, or `/` in a container) and stays there. */
import { ok, type Command } from "../../command.ts";
import { machineOf } from "../../machine.ts";

export const pwd: Command = (_argv, { world, session }) => ok(world, machineOf(world, session).spec.workdir + "\n");
