/** `brctl`: ethernet bridge administration. */
import { type CommandModule, words } from "../../spec.ts";
import { brctl } from "./brctl.ts";

export const COMMAND: CommandModule = {
  spec: {
    name: "brctl",
    summary: "ethernet bridge administration",
    subcommands: [
      { name: "show", summary: "show a list of bridges", args: [words("docker0")] },
      { name: "showmacs", summary: "show a list of mac addrs", args: [words("docker0")] },
      { name: "showstp", summary: "show bridge stp info", args: [words("docker0")] },
    ],
  },
  run: brctl,
};
