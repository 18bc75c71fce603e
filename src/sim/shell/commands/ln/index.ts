/** `ln`: make links between files. */
import { type CommandModule, flag, FREE } from "../../spec.ts";
import { ln } from "./ln.ts";

export const COMMAND: CommandModule = {
  spec: {
    name: "ln",
    summary: "make links between files",
    options: [flag(["-s", "--symbolic"]), flag(["-f", "--force"]), flag(["-v", "--verbose"]), flag(["-n"])],
    args: [FREE],
  },
  run: ln,
};
