/** busybox `telnet`: connect to a TCP port. */
import { type CommandModule, words } from "../../spec.ts";
import { telnet } from "./telnet.ts";

export const COMMAND: CommandModule = {
  spec: {
    name: "telnet",
    summary: "Connect to telnet server",
    options: [],
    args: [words("203.0.113.10", "baidu.com"), words("80")],
  },
  run: telnet,
};
