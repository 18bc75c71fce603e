/** `systemctl` and `service`: the lab manages one unit, docker. */
import { words, type CommandModule } from "../../spec.ts";
import { service, systemctl } from "./systemctl.ts";

const UNIT = words("docker");

export const SYSTEMD: readonly CommandModule[] = [
  {
    spec: {
      name: "systemctl",
      summary: "Control the systemd system and service manager",
      subcommands: ["start", "stop", "restart", "status", "is-active"].map((name) => ({
        name,
        summary: `${name} a unit`,
        args: [UNIT],
      })),
    },
    run: systemctl,
  },
  {
    spec: {
      name: "service",
      summary: "run a System V init script",
      args: [UNIT, words("start", "stop", "restart", "status")],
    },
    run: service,
  },
];
