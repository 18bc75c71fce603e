/** `ping6`: busybox's applet, `ping -6` under another name. */
import { type CommandModule, flag, valued, words } from "../../spec.ts";
import { ping } from "../ping/ping.ts";

export const COMMAND: CommandModule = {
  spec: {
    name: "ping6",
    summary: "send ICMP ECHO_REQUESTs to network hosts",
    options: [valued("-c"), valued("-W"), valued("-i"), valued("-s"), valued("-t"), flag("-q"), flag("-n")],
    args: [words("::1")],
  },
  run: (argv, ctx) => ping(["ping", "-6", ...argv.slice(1)], ctx),
};
