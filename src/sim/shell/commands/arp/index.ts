/** `arp`: the neighbour (ARP) table, net-tools on the hosts, busybox in the images. */
import { flag, type CommandModule } from "../../spec.ts";
import { arp } from "./arp.ts";

export const COMMAND: CommandModule = {
  spec: {
    name: "arp",
    summary: "manipulate the system ARP cache",
    options: [flag("-n"), flag("-a"), flag("-e"), flag("-v"), flag("-d"), flag("-i")],
  },
  run: arp,
};
