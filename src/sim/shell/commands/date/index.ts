/** `date`: the lab's clock, printed. */
import { flag, FREE, valued, type CommandModule } from "../../spec.ts";
import { date } from "./date.ts";

export const COMMAND: CommandModule = {
  spec: {
    name: "date",
    summary: "print or set the system date and time",
    options: [flag("-u"), flag("-R"), flag("-I"), valued(["-d", "--date"])],
    args: [FREE],
  },
  run: date,
};
