/** `tee`: read stdin, write it to stdout and files. */
import { flag, FREE, type CommandModule } from "../../spec.ts";
import { tee } from "./tee.ts";

export const COMMAND: CommandModule = {
  spec: {
    name: "tee",
    summary: "read from standard input and write to standard output and files",
    options: [flag(["-a", "--append"])],
    args: [FREE],
  },
  run: tee,
};
