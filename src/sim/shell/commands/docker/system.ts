/**
 * `docker system df` (and `-v`, `--format`): the disk the daemon's images and
 * containers take, as the 26.1 CLI's disk-usage formatter prints it. A running
 * nginx has written its 2-byte pid file into its container layer; nothing else
 * writes there in the lab. Volumes count what their directories hold; no build cache.
 */
import { containersOf, humanSize, imageUsage, localImages } from "../../../docker/images.ts";
import type { Container } from "../../../docker/types.ts";
import type { World } from "../../../world.ts";
import { sizeRw } from "../../../docker/container-size.ts";
import { volumeSize, volumesOf, volumeUsers } from "../../../docker/volumes.ts";
import type { CommandResult } from "../../command.ts";
import { profileOf } from "../../../docker/engine/index.ts";
import { cliCommand, flagError } from "./cli-texts.ts";
import { flag, humanDuration, parseFlags, tabwrite, value } from "./flags.ts";
import { psRow, renderRows, statusText } from "./ps.ts";
import { dockerSystemPrune } from "./system-prune.ts";
import type { PruneInput } from "./prune.ts";

const HEADERS = { Type: "TYPE", TotalCount: "TOTAL", Active: "ACTIVE", Size: "SIZE", Reclaimable: "RECLAIMABLE" };
const TABLE = "table {{.Type}}\t{{.TotalCount}}\t{{.Active}}\t{{.Size}}\t{{.Reclaimable}}";

function active(c: Container): boolean {
  return c.status === "running";
}

function reclaimable(reclaim: number, total: number): string {
  return total > 0 ? `${humanSize(reclaim)} (${Math.floor((reclaim * 100) / total)}%)` : humanSize(reclaim);
}

const SYSTEM_USAGE = `Usage:  docker system COMMAND

Manage Docker

Commands:
  df          Show docker disk usage
  events      Get real time events from the server
  info        Display system-wide information
  prune       Remove unused data

Run 'docker system COMMAND --help' for more information on a command.
`;

export function dockerSystem(argv: readonly string[], world: World, input: PruneInput): CommandResult {
  const [sub, ...rest] = argv;
  const cli = profileOf(world.docker).cli;
  if (sub === undefined) return { world, stdout: cli.groupUsage(SYSTEM_USAGE), stderr: "", exitCode: 0 };
  if (sub === "prune") return dockerSystemPrune(rest, world, input);
  if (sub !== "df") {
    const usage = { cmd: cliCommand("system"), usage: SYSTEM_USAGE };
    return { world, stdout: "", stderr: cli.unknownCommand(sub, usage), exitCode: 1 };
  }
  const p = parseFlags(rest, { bools: ["-v", "--verbose"], values: ["--format"], aliases: { "-v": "--verbose" } });
  if (!p.ok) return flagError(world, "system df", p.error);
  const d = world.docker;
  const images = localImages(d);
  const used = images.filter((i) => containersOf(d, i).length > 0);
  // The CLI's Reclaimable: the layers' total less what the images in use hold alone.
  const usage = imageUsage(d);
  const imgTotal = usage.layersSize;
  const imgUsed = used.reduce((n, i) => {
    const u = usage.of(i);
    return n + u.size - u.shared;
  }, 0);
  const cs = d.containers;
  const csTotal = cs.reduce((n, c) => n + sizeRw(world, c), 0);
  const csReclaim = cs.filter((c) => !active(c)).reduce((n, c) => n + sizeRw(world, c), 0);
  if (flag(p.parsed, "--verbose") && value(p.parsed, "--format") === undefined) return verbose(world);
  const rows = [
    {
      Type: "Images",
      TotalCount: String(images.length),
      Active: String(used.length),
      Size: humanSize(imgTotal),
      Reclaimable: reclaimable(imgTotal - imgUsed, imgTotal),
    },
    {
      Type: "Containers",
      TotalCount: String(cs.length),
      Active: String(cs.filter(active).length),
      Size: humanSize(csTotal),
      Reclaimable: reclaimable(csReclaim, csTotal),
    },
    volumesRow(world),
    { Type: "Build Cache", TotalCount: "0", Active: "0", Size: "0B", Reclaimable: "0B" },
  ];
  const r = renderRows(value(p.parsed, "--format") ?? TABLE, rows, HEADERS);
  return r.ok
    ? { world, stdout: r.text, stderr: "", exitCode: 0 }
    : { world, stdout: "", stderr: r.error + "\n", exitCode: 1 };
}

/** Volumes a container uses count as active; the rest is what a prune could reclaim. */
function volumesRow(world: World): Record<string, string> {
  const vols = volumesOf(world);
  const used = vols.filter((v) => volumeUsers(world, v.name).length > 0);
  const total = vols.reduce((n, v) => n + volumeSize(world, v.name), 0);
  const idle = total - used.reduce((n, v) => n + volumeSize(world, v.name), 0);
  return {
    Type: "Local Volumes",
    TotalCount: String(vols.length),
    Active: String(used.length),
    Size: humanSize(total),
    Reclaimable: reclaimable(idle, total),
  };
}

/** `docker system df -v`: a table per kind, as the oracle prints them. */
function verbose(world: World): CommandResult {
  const d = world.docker;
  const imgRows = [["REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE", "SHARED SIZE", "UNIQUE SIZE", "CONTAINERS"]];
  const usage = imageUsage(d);
  for (const img of [...localImages(d)].sort((a, b) => b.created - a.created)) {
    const { size, shared } = usage.of(img);
    for (const t of img.repoTags.length > 0 ? img.repoTags : ["<none>:<none>"]) {
      const colon = t.lastIndexOf(":");
      imgRows.push([
        t.slice(0, colon),
        t.slice(colon + 1),
        img.id.slice(7, 19),
        `${humanDuration(world.clock - img.created)} ago`,
        humanSize(size, 3),
        humanSize(shared),
        humanSize(size - shared),
        String(containersOf(d, img).length),
      ]);
    }
  }
  const ctrRows = [["CONTAINER ID", "IMAGE", "COMMAND", "LOCAL VOLUMES", "SIZE", "CREATED", "STATUS", "NAMES"]];
  for (const c of d.containers) {
    const row = psRow(world, c, true);
    ctrRows.push([
      c.id.slice(0, 12),
      c.image,
      row["Command"] ?? "",
      String((c.mounts ?? []).filter((m) => m.type === "volume").length),
      humanSize(sizeRw(world, c)),
      `${humanDuration(world.clock - c.created)} ago`,
      statusText(c, world.clock),
      c.name,
    ]);
  }
  const stdout =
    "Images space usage:\n\n" +
    tabwrite(imgRows) +
    "\nContainers space usage:\n\n" +
    tabwrite(ctrRows) +
    "\nLocal Volumes space usage:\n\n" +
    tabwrite([
      ["VOLUME NAME", "LINKS", "SIZE"],
      ...volumesOf(world).map((v) => [
        v.name,
        String(volumeUsers(world, v.name).length),
        humanSize(volumeSize(world, v.name)),
      ]),
    ]) +
    "\nBuild cache usage: 0B\n\n" +
    tabwrite([["CACHE ID", "CACHE TYPE", "SIZE", "CREATED", "LAST USED", "USAGE", "SHARED"]]);
  return { world, stdout, stderr: "", exitCode: 0 };
}
