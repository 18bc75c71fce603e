/** `sleep`: delay for a specified amount of time (on the lab's clock). */
import { type CommandModule, FREE } from "../../spec.ts";
import { sleep } from "./sleep.ts";

export const COMMAND: CommandModule = {
  spec: { name: "sleep", summary: "delay for a specified amount of time", args: [FREE] },
  run: sleep,
};
