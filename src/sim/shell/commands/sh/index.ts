/** The shells: `bash -c LINE` and `sh -c LINE`. */
import { valued, type CommandModule } from "../../spec.ts";
import { bash, sh } from "./sh.ts";

const c = valued("-c", undefined, "read commands from the string");

export const SHELLS: readonly CommandModule[] = [
  { spec: { name: "bash", summary: "GNU Bourne-Again SHell", options: [c] }, run: bash },
  { spec: { name: "sh", summary: "command interpreter (shell)", options: [c] }, run: sh },
];
