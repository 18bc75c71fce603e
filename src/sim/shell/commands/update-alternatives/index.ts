/** `update-alternatives`: dpkg's alternatives, read-only (which iptables the host runs). */
import { type CommandModule, valued, words, flag } from "../../spec.ts";
import { updateAlternatives } from "./update-alternatives.ts";

const NAMES = words("iptables", "ip6tables", "ebtables", "arptables");

export const COMMAND: CommandModule = {
  spec: {
    name: "update-alternatives",
    summary: "maintain symbolic links determining default commands",
    options: [valued("--display", NAMES), valued("--query", NAMES), valued("--list", NAMES), flag("--get-selections")],
  },
  run: updateAlternatives,
};
