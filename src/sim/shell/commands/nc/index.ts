/** busybox `nc`: open a pipe to IP:PORT. */
import { type CommandModule, flag, valued, words } from "../../spec.ts";
import { nc } from "./nc.ts";

export const COMMAND: CommandModule = {
  spec: {
    name: "nc",
    summary: "Open a pipe to IP:PORT",
    options: [valued("-w"), flag("-z"), flag("-v"), flag("-l"), valued("-p")],
    args: [words("203.0.113.10", "baidu.com"), words("80", "53")],
  },
  run: nc,
};
