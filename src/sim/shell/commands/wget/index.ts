/** `wget`: busybox's in the containers, GNU Wget on the Debian hosts. */
import type { Command } from "../../command.ts";
import { isBusybox, machineOf } from "../../machine.ts";
import { type CommandModule, flag, valued, words } from "../../spec.ts";
import { gnuWget } from "./gnu-wget.ts";
import { wget as busyboxWget } from "./wget.ts";

const wget: Command = (argv, ctx) =>
  (isBusybox(machineOf(ctx.world, ctx.session), "wget") ? busyboxWget : gnuWget)(argv, ctx);

export const COMMAND: CommandModule = {
  spec: {
    name: "wget",
    summary: "Retrieve files via HTTP or FTP",
    options: [
      flag("-q"),
      flag("-S"),
      flag("--spider"),
      valued("-O", words("-")),
      valued("-T"),
      valued("-U"),
      valued("-P"),
    ],
    args: [words("http://baidu.com/", "http://203.0.113.10/")],
  },
  run: wget,
};
