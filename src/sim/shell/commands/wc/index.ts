/** `wc`: print newline, word, and byte counts for each file. */
import { type CommandModule, flag, FREE } from "../../spec.ts";
import { wc } from "./wc.ts";

export const COMMAND: CommandModule = {
  spec: {
    name: "wc",
    summary: "print newline, word, and byte counts for each file",
    options: [flag(["-l", "--lines"]), flag(["-w", "--words"]), flag(["-c", "--bytes"]), flag(["-m", "--chars"])],
    args: [FREE],
  },
  run: wc,
};
