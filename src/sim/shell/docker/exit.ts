/**
 * `exit [N]`: in a terminal moved into a container (`docker exec -it … bash`), the
 * shell there ends and the terminal is back on the host; elsewhere it only sets
 * the exit status (the lab's host terminal never closes).
 */
import type { Command } from "../command.ts";

export const exit: Command = (argv, { world, session }) => {
  const n = argv[1] === undefined ? 0 : Number(argv[1]);
  if (argv[1] !== undefined && !/^-?\d+$/.test(argv[1])) {
    return { world, stdout: "", stderr: `bash: exit: ${argv[1]}: numeric argument required\n`, exitCode: 2 };
  }
  const code = ((n % 256) + 256) % 256;
  const inContainer = session.machine !== "host" && session.machine !== "internet";
  if (inContainer && !session.noTty)
    return { world, stdout: "exit\n", stderr: "", exitCode: code, session: { machine: "host" } };
  return { world, stdout: "", stderr: "", exitCode: code };
};
