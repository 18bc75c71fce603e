/** `tcpdump`: dump traffic on a network. */
import { type CommandModule, flag, FREE, valued, words } from "../../spec.ts";
import { tcpdump } from "./tcpdump.ts";

export const COMMAND: CommandModule = {
  spec: {
    name: "tcpdump",
    summary: "dump traffic on a network",
    options: [
      valued(["-i", "--interface"], words("eth0", "docker0", "any", "lo")),
      valued(["-c", "--count"]),
      flag("-n"),
      flag("-nn"),
      flag("-e"),
      flag("-v"),
      flag("-vv"),
      flag("-q"),
      flag("-l"),
      flag("-t"),
      flag("-S"),
      flag(["-D", "--list-interfaces"]),
      valued("-Q", words("in", "out", "inout")),
      valued("-w"),
      valued("-r"),
      flag("--version"),
    ],
    args: [words("host", "net", "port", "tcp", "udp", "icmp", "src", "dst", "and", "or", "not"), FREE],
  },
  run: tcpdump,
};
