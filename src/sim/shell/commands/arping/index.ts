/** busybox `arping`: send ARP requests and show who answers. */
import { type CommandModule, flag, valued, words } from "../../spec.ts";
import { arping } from "./arping.ts";

export const COMMAND: CommandModule = {
  spec: {
    name: "arping",
    summary: "Send ARP requests/replies",
    options: [valued("-c"), valued("-w"), valued("-I"), flag("-f"), flag("-q")],
    args: [words("172.17.0.1")],
  },
  run: arping,
};
