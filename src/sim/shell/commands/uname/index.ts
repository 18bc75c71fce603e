/** `uname`: print system information. */
import { type CommandModule, flag } from "../../spec.ts";
import { uname } from "./uname.ts";

export const COMMAND: CommandModule = {
  spec: {
    name: "uname",
    summary: "print system information",
    options: [
      flag(["-a", "--all"]),
      flag(["-s", "--kernel-name"]),
      flag(["-n", "--nodename"]),
      flag(["-r", "--kernel-release"]),
      flag(["-v", "--kernel-version"]),
      flag(["-m", "--machine"]),
      flag(["-o", "--operating-system"]),
    ],
  },
  run: uname,
};
