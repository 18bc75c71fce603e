/** `id`: print real and effective user and group IDs. */
import { type CommandModule, words } from "../../spec.ts";
import { id } from "./id.ts";

export const COMMAND: CommandModule = {
  spec: { name: "id", summary: "print real and effective user and group IDs", args: [words("root")] },
  run: id,
};
