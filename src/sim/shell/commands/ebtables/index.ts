/** `ebtables` and `arptables`: the bridge and ARP filtering tools of the iptables package (nf_tables builds). */
import { flag, valued, words, type CommandModule } from "../../spec.ts";
import { arptables, ebtables } from "./ebtables.ts";

export const EBTABLES_COMMANDS: readonly CommandModule[] = [
  {
    spec: {
      name: "ebtables",
      summary: "Ethernet bridge frame table administration (nft-based)",
      options: [
        valued(["-t", "--table"], words("filter", "nat")),
        flag(["-L", "--list"]),
        flag(["-V", "--version"]),
        flag(["-h", "--help"]),
      ],
    },
    run: ebtables,
  },
  {
    spec: {
      name: "arptables",
      summary: "ARP table administration (nft-based)",
      options: [
        flag(["-L", "--list"]),
        flag(["-S", "--list-rules"]),
        flag(["-n", "--numeric"]),
        flag(["-v", "--verbose"]),
        flag(["-V", "--version"]),
      ],
    },
    run: arptables,
  },
];
