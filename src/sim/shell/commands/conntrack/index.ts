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
      flag(["-S", "--stats"]),
      flag(["-G", "--get"]),
      flag(["-E", "--event"]),
      valued(["-e", "--event-mask"], words("NEW", "UPDATE", "DESTROY", "ALL")),
      valued(["-u", "--status"], words("ASSURED", "SEEN_REPLY", "SRC_NAT", "DST_NAT")),
      flag(["-z", "--zero"]),
      valued(["-p", "--proto"], words("tcp", "udp", "icmp")),
      valued(["-s", "--src", "--orig-src"]),
      valued(["-d", "--dst", "--orig-dst"]),
      valued("--sport"),
      valued("--dport"),
      valued(
        "--state",
        words("SYN_SENT", "SYN_RECV", "ESTABLISHED", "FIN_WAIT", "CLOSE_WAIT", "LAST_ACK", "TIME_WAIT", "CLOSE"),
      ),
      valued(["-r", "--reply-src"]),
      valued(["-q", "--reply-dst"]),
      valued(["-f", "--family"], words("ipv4", "ipv6")),
      valued(["-o", "--output"], words("extended", "id", "timestamp", "save", "xml")),
      valued(["-m", "--mark"]),
      flag(["-n", "--src-nat"]),
      flag(["-g", "--dst-nat"]),
      flag(["-j", "--any-nat"]),
    ],
  },
  run: conntrack,
};
