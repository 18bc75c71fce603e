/** `sleep`: delay for a specified amount of time (on the lab's clock). */
import { type CommandModule, words } from "../../spec.ts";
import { sleep } from "./sleep.ts";

export const COMMAND: CommandModule = {
  spec: { name: "sleep", summary: "delay for a specified amount of time", args: [words("1", "0.5", "5")] },
  run: sleep,
};
