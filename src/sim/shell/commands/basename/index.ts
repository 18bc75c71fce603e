/** `basename` and `dirname`: the last part of a path, and the rest. */
import { FREE, type CommandModule } from "../../spec.ts";
import { basename, dirname } from "./basename.ts";

export const PATH_COMMANDS: readonly CommandModule[] = [
  { spec: { name: "basename", summary: "strip directory and suffix from filenames", args: [FREE] }, run: basename },
  { spec: { name: "dirname", summary: "strip last component from file name", args: [FREE] }, run: dirname },
];
