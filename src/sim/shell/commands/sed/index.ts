/** `sed`: the stream editor. */
import { flag, FREE, valued, type CommandModule } from "../../spec.ts";
import { sed } from "./sed.ts";

export const COMMAND: CommandModule = {
  spec: {
    name: "sed",
    summary: "stream editor for filtering and transforming text",
    options: [
      flag(["-n", "--quiet", "--silent"]),
      flag(["-E", "-r", "--regexp-extended"]),
      valued(["-e", "--expression"]),
      flag(["-i", "--in-place"]),
    ],
    args: [FREE],
  },
  run: sed,
};
