/** `touch`: make empty files. */
import { flag, FREE, type CommandModule } from "../../spec.ts";
import { touch } from "./touch.ts";

export const COMMAND: CommandModule = {
  spec: { name: "touch", summary: "change file timestamps", options: [flag("-c")], args: [FREE] },
  run: touch,
};
