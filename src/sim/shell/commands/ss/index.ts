/** `ss`: another utility to investigate sockets. */
import { type CommandModule, flag } from "../../spec.ts";
import { ss } from "./ss.ts";

export const COMMAND: CommandModule = {
  spec: {
    name: "ss",
    summary: "another utility to investigate sockets",
    options: [
      flag(["-t", "--tcp"]),
      flag(["-u", "--udp"]),
      flag(["-l", "--listening"]),
      flag(["-a", "--all"]),
      flag(["-n", "--numeric"]),
      flag(["-p", "--processes"]),
      flag(["-4", "--ipv4"]),
      flag(["-6", "--ipv6"]),
      flag(["-H", "--no-header"]),
    ],
  },
  run: ss,
};
