/**
 * The CLI's commands beyond running and networking containers: the event log, `update`,
 * images made and carried by hand (tag, history, diff, commit, save, load, export, build),
 * and what needs a registry or a terminal (attach, login, logout, search, push).
 */
import type { World } from "../../../world.ts";
import type { CommandContext, CommandResult } from "../../command.ts";
import { dockerBuild } from "./build.ts";
import { dockerEvents } from "./events.ts";
import {
  dockerCommit,
  dockerDiff,
  dockerExport,
  dockerHistory,
  dockerLoad,
  dockerSave,
  dockerTag,
} from "./image-tools.ts";
import { dockerAttach, dockerLogin, dockerLogout, dockerPush, dockerSearch } from "./registry.ts";
import { dockerUpdate } from "./update.ts";

/** The commands this module runs, by the name the CLI gives them at the top level. */
export const MORE_COMMANDS: readonly string[] = [
  "events",
  "update",
  "attach",
  "login",
  "logout",
  "search",
  "push",
  "tag",
  "history",
  "diff",
  "commit",
  "save",
  "load",
  "export",
  "build",
];

/** `docker image CMD` spellings of them. */
export const IMAGE_GROUP_COMMANDS: readonly string[] = ["build", "history", "tag", "save", "load", "push"];

export function dockerMore(sub: string, rest: readonly string[], ctx: CommandContext, world: World): CommandResult {
  const c = { ...ctx, world };
  switch (sub) {
    case "events":
      return dockerEvents(rest, world);
    case "update":
      return dockerUpdate(rest, world);
    case "attach":
      return dockerAttach(rest, world);
    case "login":
      return dockerLogin(rest, world, ctx.session.noTty === true);
    case "logout":
      return dockerLogout(rest, world);
    case "search":
      return dockerSearch(rest, world);
    case "push":
      return dockerPush(rest, world);
    case "tag":
      return dockerTag(rest, world);
    case "history":
      return dockerHistory(rest, world);
    case "diff":
      return dockerDiff(rest, world);
    case "commit":
      return dockerCommit(rest, world);
    case "save":
      return dockerSave(rest, c);
    case "load":
      return dockerLoad(rest, c);
    case "export":
      return dockerExport(rest, c);
    default:
      return dockerBuild(rest, c);
  }
}
