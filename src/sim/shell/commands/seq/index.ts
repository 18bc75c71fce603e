/** `seq`: print a sequence of numbers. */
import { flag, FREE, valued, type CommandModule } from "../../spec.ts";
import { seq } from "./seq.ts";

export const COMMAND: CommandModule = {
  spec: { name: "seq", summary: "print a sequence of numbers", options: [flag("-w"), valued("-s")], args: [FREE] },
  run: seq,
};
