/**
 * `exit [N]`: in a terminal moved into a container (`docker exec -it … bash`), the
 * shell there ends and the terminal is back on the host; when that shell was the
 * container's own process (`docker run -it busybox sh`), the container stops with
 * its status, as it does when PID 1 exits. Elsewhere `exit` only sets the status
 * (the lab's host terminal never closes).
 */
import { removeContainer, stopContainer } from "../../../docker/container.ts";
import type { Command } from "../../command.ts";
import { shellExit } from "../../control.ts";
import { machineOf } from "../../machine.ts";
import { SHELLS } from "../docker/exec.ts";

export const exit: Command = (argv, { world, session }) => {
  const arg = argv[1];
  if (arg !== undefined && !/^-?\d+$/.test(arg)) {
    return { world, stdout: "", stderr: `bash: exit: ${arg}: numeric argument required\n`, exitCode: 2 };
  }
  const code = (((arg === undefined ? 0 : Number(arg)) % 256) + 256) % 256;
  const machine = machineOf(world, session);
  // A shell reading a script or `-c` ends here: what follows in its input does not run.
  if (session.noTty || session.shell === "bash-c") {
    shellExit(code);
    return { world, stdout: "", stderr: "", exitCode: code };
  }
  // A shell nsenter started: back to the one that ran nsenter.
  if (machine.kind !== "container" && session.parent)
    return { world, stdout: "exit\n", stderr: "", exitCode: code, session: session.parent };
  if (machine.kind !== "container") return { world, stdout: "", stderr: "", exitCode: code };
  let w = world;
  const c = machine.container?.status === "running" ? machine.container : undefined;
  const prog = c?.cmd[0]?.replace(/^\/(usr\/)?bin\//, "") ?? "";
  if (c && c.tty && c.interactive && c.cmd.length === 1 && SHELLS.includes(prog)) {
    w = c.autoRemove ? removeContainer(w, c.id) : stopContainer(w, c.id, code);
  }
  // Back to the shell that started this one (its directory and variables), or a fresh host shell.
  const parent = session.parent && w.netns[session.parent.machine] ? session.parent : { machine: "host" };
  return { world: w, stdout: "exit\n", stderr: "", exitCode: code, session: parent };
};
