/** `cat`: concatenate files and print on the standard output. */
import { type CommandModule, flag, words } from "../../spec.ts";
import { cat } from "./cat.ts";

export const COMMAND: CommandModule = {
  spec: {
    name: "cat",
    summary: "concatenate files and print on the standard output",
    options: [flag("-n"), flag("-A"), flag("-b"), flag("-E"), flag("-s"), flag("-T"), flag("-v")],
    args: [
      words(
        "/etc/hosts",
        "/etc/resolv.conf",
        "/etc/hostname",
        "/etc/docker/daemon.json",
        "/proc/sys/net/ipv4/ip_forward",
      ),
    ],
  },
  run: cat,
};
