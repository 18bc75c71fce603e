/** `sysctl`: configure kernel parameters at runtime. */
import { type CommandModule, flag, words } from "../../spec.ts";
import { sysctl } from "./sysctl.ts";

export const COMMAND: CommandModule = {
  spec: {
    name: "sysctl",
    summary: "configure kernel parameters at runtime",
    options: [
      flag(["-a", "--all"]),
      flag(["-w", "--write"]),
      flag(["-n", "--values"]),
      flag(["-p", "--load"]),
      flag(["-q", "--quiet"]),
    ],
    args: [words("net.ipv4.ip_forward", "net.ipv4.conf.all.forwarding", "net.bridge.bridge-nf-call-iptables")],
  },
  run: sysctl,
};
