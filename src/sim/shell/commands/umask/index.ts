/** `umask`: the shell's file mode mask. */
import { flag, words, type CommandModule } from "../../spec.ts";
import { umask } from "./umask.ts";

export const COMMAND: CommandModule = {
  spec: {
    name: "umask",
    summary: "Display or set file mode mask.",
    options: [flag("-p"), flag("-S")],
    args: [words("022", "077", "u=rwx,g=rx,o=rx")],
  },
  run: umask,
};
