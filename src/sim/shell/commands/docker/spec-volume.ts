/** `docker volume`'s subcommands and flags as data (CLI 26.1.5), for its parser and Tab completion. */
import { FREE, flag, valued, words, type CommandSpec } from "../../spec.ts";
import { FORMAT_F } from "./spec-format.ts";

export const VOLUME_COMMANDS: readonly CommandSpec[] = [
  {
    name: "create",
    summary: "Create a volume",
    options: [valued(["-d", "--driver"], words("local")), valued("--name"), valued(["-o", "--opt"]), valued("--label")],
    args: [FREE],
  },
  {
    name: "ls",
    aliases: ["list"],
    summary: "List volumes",
    options: [flag(["-q", "--quiet"]), valued("--format"), valued(["-f", "--filter"])],
  },
  {
    name: "inspect",
    summary: "Display detailed information on one or more volumes",
    options: [FORMAT_F],
    args: [FREE],
  },
  {
    name: "rm",
    aliases: ["remove"],
    summary: "Remove one or more volumes",
    options: [flag(["-f", "--force"])],
    args: [FREE],
  },
  {
    name: "prune",
    summary: "Remove unused local volumes",
    options: [flag(["-a", "--all"]), flag(["-f", "--force"]), valued("--filter", words("label=", "label!="))],
  },
];

export const VOLUME: CommandSpec = { name: "volume", summary: "Manage volumes", subcommands: VOLUME_COMMANDS };
