/** `du`: estimate file space usage. */
import { type CommandModule, flag, FREE } from "../../spec.ts";
import { du } from "./du.ts";

export const COMMAND: CommandModule = {
  spec: {
    name: "du",
    summary: "estimate file space usage",
    options: [
      flag(["-s", "--summarize"]),
      flag(["-h", "--human-readable"]),
      flag(["-a", "--all"]),
      flag(["-c", "--total"]),
    ],
    args: [FREE],
  },
  run: du,
};
