/** `ping`: send ICMP ECHO_REQUEST to network hosts. */
import { type CommandModule, flag, valued, words } from "../../spec.ts";
import { ping } from "./ping.ts";

export const COMMAND: CommandModule = {
  spec: {
    name: "ping",
    summary: "send ICMP ECHO_REQUEST to network hosts",
    options: [
      valued("-c"),
      valued("-W"),
      valued("-i"),
      valued("-s"),
      valued("-t"),
      valued("-w"),
      valued("-I"),
      flag("-q"),
      flag("-n"),
      flag("-4"),
      flag("-6"),
    ],
    args: [words("baidu.com", "203.0.113.10", "172.17.0.1")],
  },
  run: ping,
};
