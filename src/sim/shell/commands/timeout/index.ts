/** `timeout`: run a command with a time limit. */
import { type CommandModule, flag, FREE, valued, words } from "../../spec.ts";
import { timeout } from "./timeout.ts";

export const COMMAND: CommandModule = {
  spec: {
    name: "timeout",
    summary: "run a command with a time limit",
    options: [valued(["-s", "--signal"], words("TERM", "INT", "KILL")), flag("--preserve-status")],
    args: [words("2", "5", "10"), FREE],
  },
  run: timeout,
};
