/** `find`: search for files in a directory hierarchy (GNU findutils 4.9.0, or busybox's). */
import { type CommandModule, FREE, words } from "../../spec.ts";
import { find } from "./find.ts";

export const COMMAND: CommandModule = {
  spec: {
    name: "find",
    summary: "search for files in a directory hierarchy",
    args: [
      FREE,
      words("-name", "-iname", "-path", "-type", "-maxdepth", "-mindepth", "-exec", "-print", "-empty", "-o", "-not"),
    ],
  },
  run: find,
};
