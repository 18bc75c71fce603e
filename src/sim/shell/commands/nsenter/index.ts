/** `nsenter`: run a program with namespaces of other processes. */
import { type CommandModule, flag, FREE, valued } from "../../spec.ts";
import { nsenter } from "./nsenter.ts";

export const COMMAND: CommandModule = {
  spec: {
    name: "nsenter",
    summary: "run program in different namespaces",
    options: [
      valued(["-t", "--target"]),
      flag(["-n", "--net"]),
      flag(["-m", "--mount"]),
      flag(["-u", "--uts"]),
      flag(["-a", "--all"]),
      flag(["-h", "--help"]),
    ],
    args: [FREE],
  },
  run: nsenter,
};
