/** The legacy (x_tables) iptables programs of Debian 12's iptables package. */
import { flag, valued, words, type CommandModule } from "../../spec.ts";
import {
  ip6tablesLegacy,
  ip6tablesLegacySave,
  iptablesLegacy,
  iptablesLegacyRestore,
  iptablesLegacySave,
} from "./legacy.ts";

const TABLES = words("filter", "nat", "mangle", "raw");

export const LEGACY_COMMANDS: readonly CommandModule[] = [
  {
    spec: {
      name: "iptables-legacy",
      summary: "administration tool for IPv4 packet filtering and NAT (x_tables)",
      options: [
        valued(["-t", "--table"], TABLES),
        valued(["-A", "--append"]),
        valued(["-I", "--insert"]),
        valued(["-D", "--delete"]),
        flag(["-L", "--list"]),
        flag(["-S", "--list-rules"]),
        flag(["-F", "--flush"]),
        valued(["-N", "--new-chain"]),
        flag(["-X", "--delete-chain"]),
        flag(["-n", "--numeric"]),
        flag(["-v", "--verbose"]),
        flag(["-V", "--version"]),
        flag(["-h", "--help"]),
      ],
    },
    run: iptablesLegacy,
  },
  {
    spec: {
      name: "iptables-legacy-save",
      summary: "dump iptables rules (x_tables)",
      options: [valued(["-t", "--table"], TABLES), flag(["-c", "--counters"])],
    },
    run: iptablesLegacySave,
  },
  {
    spec: {
      name: "iptables-legacy-restore",
      summary: "restore iptables rules (x_tables)",
      options: [flag(["-n", "--noflush"]), flag(["-c", "--counters"]), flag(["-h", "--help"])],
    },
    run: iptablesLegacyRestore,
  },
  {
    spec: {
      name: "ip6tables-legacy",
      summary: "administration tool for IPv6 packet filtering (x_tables)",
      options: [flag(["-L", "--list"]), flag(["-S", "--list-rules"]), flag(["-n", "--numeric"])],
    },
    run: ip6tablesLegacy,
  },
  {
    spec: {
      name: "ip6tables-legacy-save",
      summary: "dump ip6tables rules (x_tables)",
      options: [valued(["-t", "--table"], TABLES), flag(["-c", "--counters"])],
    },
    run: ip6tablesLegacySave,
  },
];
