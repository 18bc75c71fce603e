/** `lsof`: list open files (the network ones the lab keeps). */
import { type CommandModule, flag, valued, words } from "../../spec.ts";
import { lsof } from "./lsof.ts";

export const COMMAND: CommandModule = {
  spec: {
    name: "lsof",
    summary: "list open files",
    options: [
      valued("-i", words(":2024", "tcp:2024", "4", "6", "TCP", "UDP", "@127.0.0.1")),
      valued("-s", words("TCP:LISTEN", "TCP:^LISTEN")),
      valued("-c", words("docker-proxy", "nginx")),
      valued("-p"),
      valued("-u", words("root")),
      valued("-F", words("pcfn")),
      flag("-a"),
      flag("-n"),
      flag("-P"),
      flag("-l"),
      flag("-t"),
      flag("-v"),
      flag("-h"),
    ],
  },
  run: lsof,
};
