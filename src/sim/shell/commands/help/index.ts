/** bash's `help` (busybox ash's list in a container's sh). */
import { flag, words, type CommandModule } from "../../spec.ts";
import { help } from "./help.ts";
import { BASH_TOPICS } from "./topics.ts";

export const COMMAND: CommandModule = {
  spec: {
    name: "help",
    summary: "Display information about builtin commands.",
    options: [flag("-d"), flag("-m"), flag("-s")],
    args: [words(...BASH_TOPICS.map((t) => t.name).filter((n) => /^[a-z]/.test(n)))],
  },
  run: help,
};
