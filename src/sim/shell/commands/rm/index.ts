/** `rm`: remove files. */
import { type CommandModule, flag, FREE } from "../../spec.ts";
import { rm } from "./rm.ts";

export const COMMAND: CommandModule = {
  spec: {
    name: "rm",
    summary: "remove files",
    options: [flag(["-f", "--force"]), flag(["-r", "-R", "--recursive"])],
    args: [FREE],
  },
  run: rm,
};
