/** `mv`: move (rename) files. */
import { type CommandModule, flag, FREE } from "../../spec.ts";
import { mv } from "../cp/cp.ts";

export const COMMAND: CommandModule = {
  spec: {
    name: "mv",
    summary: "move (rename) files",
    options: [flag(["-v", "--verbose"]), flag(["-f", "--force"]), flag(["-n", "--no-clobber"])],
    args: [FREE],
  },
  run: mv,
};
