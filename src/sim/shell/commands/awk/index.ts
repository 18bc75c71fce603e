/** `awk`: mawk on the host, busybox's awk in a container. */
import { FREE, valued, type CommandModule } from "../../spec.ts";
import { awk } from "./awk.ts";

export const COMMAND: CommandModule = {
  spec: {
    name: "awk",
    aliases: ["mawk"],
    summary: "pattern scanning and text processing language",
    options: [valued("-F"), valued("-v")],
    args: [FREE],
  },
  run: awk,
};
