/** `ls`: list directory contents. */
import { type CommandModule, flag, words } from "../../spec.ts";
import { ls } from "./ls.ts";

export const COMMAND: CommandModule = {
  spec: {
    name: "ls",
    summary: "list directory contents",
    options: [
      flag(["-a", "--all"]),
      flag(["-A", "--almost-all"]),
      flag("-l"),
      flag("-1"),
      flag(["-d", "--directory"]),
      flag(["-h", "--human-readable"]),
      flag(["-n", "--numeric-uid-gid"]),
      flag(["-r", "--reverse"]),
      flag(["-F", "--classify"]),
      flag("-p"),
      flag("-S"),
    ],
    args: [
      words(
        "/",
        "/etc",
        "/proc/sys/net",
        "/proc/sys/net/ipv4",
        "/proc/sys/net/ipv4/conf",
        "/proc/net",
        "/sys/class/net",
        "/tmp",
      ),
    ],
  },
  run: ls,
};
