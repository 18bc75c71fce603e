/** `top`: busybox's in a container, one screen of the processes (batch mode). */
import { type CommandModule, flag, valued, words } from "../../spec.ts";
import { top } from "./top.ts";

export const COMMAND: CommandModule = {
  spec: {
    name: "top",
    summary: "display processes",
    options: [flag("-b"), flag("-H"), valued("-n", words("1", "2")), valued("-d", words("1", "5"))],
  },
  run: top,
};
