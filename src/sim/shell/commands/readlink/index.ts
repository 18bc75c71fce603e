/** `readlink`: print resolved symbolic links or canonical file names. */
import { FREE, flag, type CommandModule } from "../../spec.ts";
import { readlink } from "./readlink.ts";

export const COMMAND: CommandModule = {
  spec: {
    name: "readlink",
    summary: "print resolved symbolic links or canonical file names",
    options: [flag(["-f", "--canonicalize"]), flag(["-e", "--canonicalize-existing"]), flag(["-n", "--no-newline"])],
    args: [FREE],
  },
  run: readlink,
};
