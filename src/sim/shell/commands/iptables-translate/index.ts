/** `iptables-translate`, `ip6tables-translate` and `iptables-restore-translate`: iptables words into nft's. */
import { flag, valued, words, type CommandModule } from "../../spec.ts";
import { iptablesRestoreTranslate, iptablesTranslate } from "./translate.ts";

const TABLES = words("filter", "nat", "mangle", "raw");

const TRANSLATE: CommandModule = {
  spec: {
    name: "iptables-translate",
    aliases: ["ip6tables-translate"],
    summary: "translation tool to migrate from iptables to nftables",
    options: [
      valued(["-t", "--table"], TABLES),
      valued(["-A", "--append"]),
      valued(["-I", "--insert"]),
      valued(["-N", "--new-chain"]),
      flag(["-F", "--flush"]),
      flag(["-L", "--list"]),
      valued(["-p", "--protocol"], words("tcp", "udp", "icmp")),
      valued(["-s", "--source"]),
      valued(["-d", "--destination"]),
      valued(["-i", "--in-interface"]),
      valued(["-o", "--out-interface"]),
      valued(["-j", "--jump"], words("ACCEPT", "DROP", "RETURN", "REJECT", "LOG", "DNAT", "SNAT", "MASQUERADE")),
      valued(["-m", "--match"], words("conntrack", "multiport", "comment", "addrtype", "limit", "iprange")),
      valued("--dport"),
      valued("--sport"),
      flag(["-V", "--version"]),
    ],
  },
  run: iptablesTranslate,
};

const RESTORE_TRANSLATE: CommandModule = {
  spec: {
    name: "iptables-restore-translate",
    summary: "translation tool to migrate from iptables to nftables",
    options: [valued(["-f", "--file"]), flag(["-h", "--help"]), flag(["-V", "--version"])],
  },
  run: iptablesRestoreTranslate,
};

export const TRANSLATE_COMMANDS: readonly CommandModule[] = [TRANSLATE, RESTORE_TRANSLATE];
