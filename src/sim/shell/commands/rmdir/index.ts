/** `rmdir`: remove empty directories. */
import { type CommandModule, flag, FREE } from "../../spec.ts";
import { rmdir } from "./rmdir.ts";

export const COMMAND: CommandModule = {
  spec: {
    name: "rmdir",
    summary: "remove empty directories",
    options: [flag(["-p", "--parents"]), flag(["-v", "--verbose"])],
    args: [FREE],
  },
  run: rmdir,
};
