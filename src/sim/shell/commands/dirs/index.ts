/** bash's directory stack: `dirs`, `pushd`, `popd`. */
import { flag, FREE, words, type CommandModule } from "../../spec.ts";
import { dirs, popd, pushd } from "./dirs.ts";

export const COMMANDS: readonly CommandModule[] = [
  {
    spec: {
      name: "dirs",
      summary: "Display directory stack.",
      options: [flag("-c"), flag("-l"), flag("-p"), flag("-v")],
      args: [FREE],
    },
    run: dirs,
  },
  {
    spec: {
      name: "pushd",
      summary: "Add directories to stack.",
      options: [flag("-n")],
      args: [words("/etc", "/proc/sys/net", "/tmp", "+1")],
    },
    run: pushd,
  },
  {
    spec: { name: "popd", summary: "Remove directories from stack.", options: [flag("-n")], args: [words("+1")] },
    run: popd,
  },
];
