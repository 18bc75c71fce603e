/** `printf`: formatted output, the shell's builtin. */
import { FREE, type CommandModule } from "../../spec.ts";
import { printf } from "./printf.ts";

export const COMMAND: CommandModule = {
  spec: { name: "printf", summary: "Formats and prints ARGUMENTS under control of the FORMAT.", args: [FREE] },
  run: printf,
};
