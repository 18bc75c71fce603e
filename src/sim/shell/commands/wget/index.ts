/** busybox `wget`: retrieve files via HTTP. */
import { type CommandModule, flag, valued, words } from "../../spec.ts";
import { wget } from "./wget.ts";

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
