/** `whoami`: print effective user name. */
import { type CommandModule } from "../../spec.ts";
import { whoami } from "./whoami.ts";

export const COMMAND: CommandModule = {
  spec: { name: "whoami", summary: "print effective user name" },
  run: whoami,
};
