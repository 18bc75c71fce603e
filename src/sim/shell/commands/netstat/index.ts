/** `netstat`: print network connections, routing tables, interface statistics. */
import { type CommandModule, flag } from "../../spec.ts";
import { netstat } from "./netstat.ts";

export const COMMAND: CommandModule = {
  spec: {
    name: "netstat",
    summary: "print network connections, routing tables, interface statistics",
    options: [
      flag(["-t", "--tcp"]),
      flag(["-u", "--udp"]),
      flag(["-l", "--listening"]),
      flag(["-a", "--all"]),
      flag(["-n", "--numeric"]),
      flag(["-p", "--program"]),
      flag(["-r", "--route"]),
    ],
  },
  run: netstat,
};
