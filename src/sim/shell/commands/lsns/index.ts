/** `lsns`: list the namespaces the machine's processes are in. */
import { type CommandModule, flag, valued, words } from "../../spec.ts";
import { lsns } from "./lsns.ts";

export const COMMAND: CommandModule = {
  spec: {
    name: "lsns",
    summary: "list namespaces",
    options: [
      valued(["-t", "--type"], words("net", "mnt", "pid", "uts", "ipc", "cgroup", "user", "time")),
      valued(["-p", "--task"]),
      flag(["-n", "--noheadings"]),
      flag(["-l", "--list"]),
      flag(["-h", "--help"]),
    ],
  },
  run: lsns,
};
