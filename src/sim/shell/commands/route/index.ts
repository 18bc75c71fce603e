/** `route`: show the IP routing table. */
import { type CommandModule, flag } from "../../spec.ts";
import { route } from "./route.ts";

export const COMMAND: CommandModule = {
  spec: {
    name: "route",
    summary: "show / manipulate the IP routing table",
    options: [flag("-n"), flag("-e"), flag("-v")],
  },
  run: route,
};
