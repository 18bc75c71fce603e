/** `xtables-monitor`: show changes to rule set and trace-events. */
import { type CommandModule, flag } from "../../spec.ts";
import { xtablesMonitor } from "./xtables-monitor.ts";

export const COMMAND: CommandModule = {
  spec: {
    name: "xtables-monitor",
    summary: "show changes to rule set and trace-events",
    options: [flag(["-t", "--trace"]), flag(["-e", "--event"]), flag("-4"), flag("-6")],
  },
  run: xtablesMonitor,
};
