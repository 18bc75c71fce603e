/** `type`, `command` and `which`: where a name comes from on this machine. */
import { flag, FREE, type CommandModule } from "../../spec.ts";
import { command, type, which } from "./type.ts";

export const TYPE_COMMANDS: readonly CommandModule[] = [
  {
    spec: {
      name: "type",
      summary: "Display information about command type.",
      options: [flag("-t"), flag("-p"), flag("-P"), flag("-a")],
      args: [FREE],
    },
    run: type,
  },
  {
    spec: {
      name: "command",
      summary: "Execute a simple command or display information about commands.",
      options: [flag("-v"), flag("-V")],
      args: [FREE],
    },
    run: command,
  },
  { spec: { name: "which", summary: "locate a command", options: [flag("-a")], args: [FREE] }, run: which },
];
