/** `realpath`: print the resolved path. */
import { type CommandModule, flag, FREE } from "../../spec.ts";
import { realpath } from "./realpath.ts";

export const COMMAND: CommandModule = {
  spec: {
    name: "realpath",
    summary: "print the resolved path",
    options: [
      flag(["-e", "--canonicalize-existing"]),
      flag(["-m", "--canonicalize-missing"]),
      flag(["-s", "--no-symlinks"]),
    ],
    args: [FREE],
  },
  run: realpath,
};
