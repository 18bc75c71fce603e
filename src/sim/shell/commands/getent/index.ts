/** `getent`: get entries from Name Service Switch libraries. */
import { type CommandModule, words } from "../../spec.ts";
import { getent } from "./getent.ts";

export const COMMAND: CommandModule = {
  spec: {
    name: "getent",
    summary: "get entries from Name Service Switch libraries",
    args: [words("hosts", "ahosts", "ahostsv4", "passwd", "group", "services", "protocols", "networks", "shells")],
  },
  run: getent,
};
