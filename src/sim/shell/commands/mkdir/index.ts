/** `mkdir`: make directories. */
import { type CommandModule, flag, FREE, valued } from "../../spec.ts";
import { mkdir } from "./mkdir.ts";

export const COMMAND: CommandModule = {
  spec: {
    name: "mkdir",
    summary: "make directories",
    options: [flag(["-p", "--parents"]), flag(["-v", "--verbose"]), valued(["-m", "--mode"])],
    args: [FREE],
  },
  run: mkdir,
};
