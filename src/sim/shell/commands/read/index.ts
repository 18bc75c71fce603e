/** `read`: one line of stdin (or of the descriptor `-u` names) into the shell's variables. */
import { flag, FREE, valued, type CommandModule } from "../../spec.ts";
import { read } from "./read.ts";

export const COMMAND: CommandModule = {
  spec: {
    name: "read",
    summary: "Read a line from the standard input and split it into fields.",
    options: [flag("-r"), flag("-s"), valued("-p"), valued("-a"), valued("-u")],
    args: [FREE],
  },
  run: read,
};
