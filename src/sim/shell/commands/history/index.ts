/** `history`: the lines this interactive shell has read. */
import { flag, FREE, type CommandModule } from "../../spec.ts";
import { history } from "./history.ts";

export const COMMAND: CommandModule = {
  spec: {
    name: "history",
    summary: "Display or manipulate the history list.",
    options: [flag("-c"), { names: ["-d"], arity: 1 }],
    args: [FREE],
  },
  run: history,
};
