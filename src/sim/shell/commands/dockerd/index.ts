/** `dockerd`: its version, and `--validate` of a daemon.json before a restart. */
import { flag, FREE, valued, type CommandModule } from "../../spec.ts";
import { dockerd } from "./dockerd.ts";

export const COMMAND: CommandModule = {
  spec: {
    name: "dockerd",
    summary: "A self-sufficient runtime for containers",
    options: [flag("--validate"), valued("--config-file", FREE), flag(["-v", "--version"])],
  },
  run: dockerd,
};
