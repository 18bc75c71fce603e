/** `nft`: the nftables command line, listing what iptables-nft keeps in nf_tables. */
import { type CommandModule, flag, valued, words } from "../../spec.ts";
import { nft } from "./nft.ts";

const FAMILY = words("ip", "ip6", "inet");
const TABLES = words("nat", "filter", "mangle", "raw");
const CHAINS = words("PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING", "DOCKER", "DOCKER-USER");

export const COMMAND: CommandModule = {
  spec: {
    name: "nft",
    summary: "administration tool of the nftables framework for packet filtering and classification",
    options: [
      flag(["-h", "--help"]),
      flag(["-v", "--version"]),
      flag("-V"),
      flag(["-a", "--handle"]),
      flag(["-n", "--numeric"]),
      flag(["-s", "--stateless"]),
      flag(["-j", "--json"]),
      flag(["-c", "--check"]),
      flag(["-t", "--terse"]),
      flag(["-y", "--numeric-priority"]),
      flag(["-p", "--numeric-protocol"]),
      valued(["-f", "--file"]),
    ],
    subcommands: [
      {
        name: "list",
        summary: "list the ruleset, a table or a chain",
        subcommands: [
          { name: "ruleset", summary: "every table", args: [FAMILY] },
          { name: "tables", summary: "the tables' names", args: [FAMILY] },
          { name: "table", summary: "one table", args: [FAMILY, TABLES] },
          { name: "chain", summary: "one chain", args: [FAMILY, TABLES, CHAINS] },
          { name: "chains", summary: "every chain's head", args: [FAMILY] },
        ],
      },
      {
        name: "flush",
        summary: "remove rules",
        subcommands: [
          { name: "ruleset", summary: "every table", args: [FAMILY] },
          { name: "table", summary: "a table's rules", args: [FAMILY, TABLES] },
          { name: "chain", summary: "a chain's rules", args: [FAMILY, TABLES, CHAINS] },
        ],
      },
      {
        name: "delete",
        summary: "remove a table",
        subcommands: [{ name: "table", summary: "a table", args: [FAMILY, TABLES] }],
      },
    ],
  },
  run: nft,
};
