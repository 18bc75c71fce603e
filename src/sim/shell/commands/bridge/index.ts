/** `bridge`: show the Linux bridges' ports and forwarding database. */
import { type CommandModule, flag, FREE, words } from "../../spec.ts";
import { bridge } from "./bridge.ts";

const SHOW: CommandModule["spec"] = { name: "show", summary: "show", args: [words("dev", "br"), FREE] };

export const COMMAND: CommandModule = {
  spec: {
    name: "bridge",
    summary: "show / manipulate bridge addresses and devices",
    options: [flag(["-d", "-details"]), flag(["-s", "-statistics"])],
    subcommands: [
      { name: "link", summary: "bridge port", subcommands: [SHOW] },
      { name: "fdb", summary: "forwarding database", subcommands: [SHOW] },
      { name: "vlan", summary: "VLAN filter list", subcommands: [SHOW] },
    ],
  },
  run: bridge,
};
