/** `id`: every lab terminal is root. */
import { fail, ok, type Command } from "../../command.ts";

export const id: Command = (argv, { world }) => {
  const user = argv[1];
  if (user !== undefined && user !== "root" && user !== "0") return fail(world, `id: '${user}': no such user\n`, 1);
  return ok(world, "uid=0(root) gid=0(root) groups=0(root)\n");
};
