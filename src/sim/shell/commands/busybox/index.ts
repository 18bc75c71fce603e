/** `busybox`: the multi-call binary, run with an applet's name. */
import { type CommandModule, FREE, words } from "../../spec.ts";
import { busybox } from "./busybox.ts";

export const COMMAND: CommandModule = {
  spec: { name: "busybox", summary: "multi-call binary", args: [words("nslookup", "wget", "nc", "ping"), FREE] },
  run: busybox,
};
