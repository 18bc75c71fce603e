/** The iptables family: iptables, iptables-save, iptables-restore, their -nft names, and ip6tables for the empty IPv6 tables. */
import { flag, valued, words, type CommandModule, type CommandSpec } from "../../spec.ts";
import { ip6tables, ip6tablesRestore, ip6tablesSave, iptables, iptablesRestore, iptablesSave } from "./iptables.ts";

const TABLES = words("filter", "nat", "mangle", "raw", "security");
const TARGETS = words(
  "ACCEPT",
  "DROP",
  "RETURN",
  "REJECT",
  "LOG",
  "DNAT",
  "SNAT",
  "MASQUERADE",
  "DOCKER",
  "DOCKER-USER",
);

const IPTABLES: CommandSpec = {
  name: "iptables",
  aliases: ["iptables-nft"],
  summary: "administration tool for IPv4 packet filtering and NAT",
  options: [
    valued(["-t", "--table"], TABLES),
    valued(["-A", "--append"]),
    valued(["-C", "--check"]),
    valued(["-D", "--delete"]),
    valued(["-I", "--insert"]),
    valued(["-R", "--replace"]),
    flag(["-L", "--list"]),
    flag(["-S", "--list-rules"]),
    flag(["-F", "--flush"]),
    flag(["-Z", "--zero"]),
    valued(["-N", "--new-chain"]),
    flag(["-X", "--delete-chain"]),
    valued(["-P", "--policy"]),
    valued(["-E", "--rename-chain"]),
    flag(["-n", "--numeric"]),
    flag(["-v", "--verbose"]),
    flag(["-x", "--exact"]),
    flag("--line-numbers"),
    valued(["-p", "--protocol"], words("tcp", "udp", "icmp", "all")),
    valued(["-s", "--source"]),
    valued(["-d", "--destination"]),
    valued(["-i", "--in-interface"], words("eth0", "docker0", "lo")),
    valued(["-o", "--out-interface"], words("eth0", "docker0", "lo")),
    valued(["-j", "--jump"], TARGETS),
    valued(["-m", "--match"], words("addrtype", "conntrack", "tcp", "udp", "icmp")),
    valued("--dport"),
    valued("--sport"),
    valued("--to-destination"),
    valued("--to-source"),
  ],
};

const SAVE: CommandSpec = {
  name: "iptables-save",
  aliases: ["iptables-nft-save"],
  summary: "dump iptables rules",
  options: [valued(["-t", "--table"], TABLES), flag(["-c", "--counters"]), valued(["-f", "--file"])],
};

const RESTORE: CommandSpec = {
  name: "iptables-restore",
  aliases: ["iptables-nft-restore"],
  summary: "restore iptables rules",
  options: [
    flag(["-n", "--noflush"]),
    flag(["-t", "--test"]),
    flag(["-c", "--counters"]),
    valued(["-T", "--table"], TABLES),
  ],
};

export const IPTABLES_FAMILY: readonly CommandModule[] = [
  { spec: IPTABLES, run: iptables },
  { spec: SAVE, run: iptablesSave },
  { spec: RESTORE, run: iptablesRestore },
  {
    spec: { ...IPTABLES, name: "ip6tables", aliases: [], summary: "administration tool for IPv6 packet filtering" },
    run: ip6tables,
  },
  { spec: { ...SAVE, name: "ip6tables-save", aliases: [] }, run: ip6tablesSave },
  { spec: { ...RESTORE, name: "ip6tables-restore", aliases: [] }, run: ip6tablesRestore },
];
