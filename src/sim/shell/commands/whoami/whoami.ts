/** `whoami`: every lab terminal is root. */
import { fail, ok, type Command } from "../../command.ts";

export const whoami: Command = (argv, { world }) => {
  if (argv.length > 1) {
    return fail(world, `whoami: extra operand '${argv[1]}'\nTry 'whoami --help' for more information.\n`, 1);
  }
  return ok(world, "root\n");
};
