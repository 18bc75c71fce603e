/** `shopt`: bash's shell options. */
import { flag, FREE, type CommandModule } from "../../spec.ts";
import { shopt } from "./shopt.ts";

export const COMMAND: CommandModule = {
  spec: {
    name: "shopt",
    summary: "Set and unset shell options.",
    options: [flag("-s"), flag("-u"), flag("-p"), flag("-q"), flag("-o")],
    args: [FREE],
  },
  run: shopt,
};
