/** `whoami`: the name /etc/passwd gives the process's user (root, unless `docker exec -u` chose another). */
import { fail, ok, type Command } from "../../command.ts";
import { identityOf } from "../../lib/creds.ts";
import { isBusybox, machineOf } from "../../machine.ts";

export const whoami: Command = (argv, { world, session }) => {
  if (argv.length > 1) {
    return fail(world, `whoami: extra operand '${argv[1]}'\nTry 'whoami --help' for more information.\n`, 1);
  }
  const who = identityOf(world, session);
  if (who.user !== undefined) return ok(world, `${who.user}\n`);
  const bb = isBusybox(machineOf(world, session), "whoami");
  return fail(world, bb ? `whoami: unknown uid ${who.uid}\n` : `whoami: cannot find name for user ID ${who.uid}\n`, 1);
};
