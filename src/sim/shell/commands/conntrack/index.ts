/** `conntrack`: command line interface for netfilter connection tracking. */
import { type CommandModule, flag, valued, words } from "../../spec.ts";
import { conntrack } from "./conntrack.ts";

export const COMMAND: CommandModule = {
  spec: {
    name: "conntrack",
    summary: "command line interface for netfilter connection tracking",
    options: [
      flag(["-L", "--dump"]),
      flag(["-C", "--count"]),
      flag(["-F", "--flush"]),
      flag(["-D", "--delete"]),
      valued(["-p", "--proto"], words("tcp", "udp", "icmp")),
      valued(["-s", "--src", "--orig-src"]),
      valued(["-d", "--dst", "--orig-dst"]),
      valued("--sport"),
      valued("--dport"),
      flag(["-n", "--src-nat"]),
      flag(["-g", "--dst-nat"]),
      valued(["-o", "--output"], words("extended", "id")),
    ],
  },
  run: conntrack,
};
