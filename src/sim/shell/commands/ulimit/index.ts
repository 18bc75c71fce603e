/** `ulimit`: the resource limits of the shell and what it starts. */
import { flag, words, type CommandModule } from "../../spec.ts";
import { ulimit } from "./ulimit.ts";

export const COMMAND: CommandModule = {
  spec: {
    name: "ulimit",
    summary: "Modify shell resource limits.",
    options: [flag("-a"), flag("-S"), flag("-H"), flag("-n"), flag("-c"), flag("-s"), flag("-u")],
    args: [words("unlimited", "1024")],
  },
  run: ulimit,
};
