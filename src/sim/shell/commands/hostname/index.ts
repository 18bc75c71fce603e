/** `hostname`: show or set the system's host name. */
import { type CommandModule, flag } from "../../spec.ts";
import { hostname } from "./hostname.ts";

export const COMMAND: CommandModule = {
  spec: {
    name: "hostname",
    summary: "show or set the system's host name",
    options: [
      flag(["-f", "--fqdn", "--long"]),
      flag(["-s", "--short"]),
      flag(["-i", "--ip-address"]),
      flag(["-I", "--all-ip-addresses"]),
      flag(["-A", "--all-fqdns"]),
    ],
  },
  run: hostname,
};
