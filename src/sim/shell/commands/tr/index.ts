/** `tr`: translate or delete characters. */
import { flag, FREE, type CommandModule } from "../../spec.ts";
import { tr } from "./tr.ts";

export const COMMAND: CommandModule = {
  spec: {
    name: "tr",
    summary: "translate or delete characters",
    options: [flag("-d"), flag("-s"), flag("-c")],
    args: [FREE],
  },
  run: tr,
};
