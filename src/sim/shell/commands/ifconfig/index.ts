/** `ifconfig`: configure a network interface. */
import { type CommandModule, flag, words } from "../../spec.ts";
import { ifconfig } from "./ifconfig.ts";

export const COMMAND: CommandModule = {
  spec: {
    name: "ifconfig",
    summary: "configure a network interface",
    options: [flag("-a"), flag("-s")],
    args: [words("eth0", "docker0", "lo")],
  },
  run: ifconfig,
};
