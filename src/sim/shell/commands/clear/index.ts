/** `clear`: clear the terminal screen (the terminal's escape sequence: ncurses' for xterm on the host, busybox's in a container). */
import type { Command } from "../../command.ts";
import { isBusybox, machineOf } from "../../machine.ts";
import type { CommandModule } from "../../spec.ts";

/** What `clear` writes: home, erase the screen (and, from ncurses, the scrollback). */
export const CLEAR_GNU = "\x1b[H\x1b[2J\x1b[3J";
export const CLEAR_BUSYBOX = "\x1b[H\x1b[J";

const clear: Command = (_argv, ctx) => {
  const bb = isBusybox(machineOf(ctx.world, ctx.session), "clear");
  return { world: ctx.world, stdout: bb ? CLEAR_BUSYBOX : CLEAR_GNU, stderr: "", exitCode: 0 };
};

export const COMMAND: CommandModule = { spec: { name: "clear", summary: "clear the terminal screen" }, run: clear };
