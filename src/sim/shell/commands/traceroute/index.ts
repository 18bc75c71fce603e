/** busybox `traceroute`: the route packets take to a host, hop by hop. */
import { type CommandModule, flag, valued, words } from "../../spec.ts";
import { traceroute } from "./traceroute.ts";

export const COMMAND: CommandModule = {
  spec: {
    name: "traceroute",
    summary: "Trace the route to HOST",
    options: [flag("-n"), flag("-I"), valued("-m"), valued("-q"), valued("-w"), valued("-f"), valued("-p")],
    args: [words("203.0.113.10", "baidu.com", "172.17.0.1")],
  },
  run: traceroute,
};
