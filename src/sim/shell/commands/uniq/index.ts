/** `uniq`: report or omit repeated lines. */
import { type CommandModule, flag, FREE } from "../../spec.ts";
import { uniq } from "./uniq.ts";

export const COMMAND: CommandModule = {
  spec: {
    name: "uniq",
    summary: "report or omit repeated lines",
    options: [flag(["-c", "--count"]), flag(["-d", "--repeated"]), flag(["-u", "--unique"])],
    args: [FREE],
  },
  run: uniq,
};
