/**
 * `docker image prune [-a] [-f] [--filter …]`, and the images `system prune` takes: the
 * daemon's ImagesPrune. Without `-a` only dangling images (no tag) that no other image
 * builds on go; with it, every image no container uses. Each goes as `docker rmi` without
 * force would take it (an image a container uses is skipped), reported in lower case
 * (`untagged:`, `deleted:`), and the space reclaimed is what the layers deleted held.
 */
import { containersOf, humanSize, imageUsage, localImages, removeImage } from "../../../docker/images.ts";
import type { World } from "../../../world.ts";
import type { CommandResult } from "../../command.ts";
import { flag } from "./flags.ts";
import {
  confirmPrune,
  parsePrune,
  pruneReport,
  pruneRefused,
  pruneSelector,
  type PruneInput,
  type PruneKeep,
  type Pruned,
} from "./prune.ts";
import { IMAGE_PRUNE } from "./spec-more.ts";

const ALL_WARNING =
  "WARNING! This will remove all images without at least one container associated to them.\nAre you sure you want to continue?";
const DANGLING_WARNING = "WARNING! This will remove all dangling images.\nAre you sure you want to continue?";

const NO_LABELS: Readonly<Record<string, string>> = {};

/** The images the daemon prunes: dangling ones (or with `all` any) no container uses and no image builds on. */
export function pruneImages(world: World, all: boolean, keep: PruneKeep): Pruned {
  const images = localImages(world.docker);
  const parents = new Set(images.map((i) => i.base).filter((b) => b !== undefined));
  let w = world;
  let bytes = 0;
  const lines: string[] = [];
  for (const img of images) {
    const dangling = img.repoTags.length === 0;
    if (!all && !dangling) continue;
    if (dangling && parents.has(img.id)) continue;
    if (!keep(img.created, NO_LABELS) || containersOf(w.docker, img).length > 0) continue;
    // What deleting it frees: the layers no other image holds (the daemon sums their DiffSize).
    const usage = imageUsage(w.docker).of(img);
    const refs = dangling ? [img.id] : img.repoTags;
    for (const ref of refs) {
      const r = removeImage(w, ref, false);
      if (!r.ok) continue;
      w = r.world;
      lines.push(...r.lines.map((l) => l.replace(/^Untagged:/, "untagged:").replace(/^Deleted:/, "deleted:")));
    }
    if (!localImages(w.docker).some((i) => i.id === img.id)) bytes += usage.size - usage.shared;
  }
  return { world: w, report: pruneReport("Deleted Images", lines), bytes };
}

export function dockerImagePrune(argv: readonly string[], world: World, input: PruneInput): CommandResult {
  const p = parsePrune(argv, world, "image prune", IMAGE_PRUNE);
  if (!p.ok) return p.result;
  // `-a` is the CLI's way of sending dangling=false.
  const dangling = p.filters.get("dangling");
  const all = flag(p.parsed, "--all") || (dangling !== undefined && dangling.includes("false"));
  const asked = confirmPrune(world, all ? ALL_WARNING : DANGLING_WARNING, flag(p.parsed, "--force"), input);
  if ("declined" in asked) return asked.declined;
  const rest = new Map([...p.filters].filter(([k]) => k !== "dangling"));
  const sel = pruneSelector(world, rest);
  if (!sel.ok) return pruneRefused(world, asked.prompt, sel.error);
  const pruned = pruneImages(world, all, sel.keep);
  const stdout = asked.prompt + pruned.report + `Total reclaimed space: ${humanSize(pruned.bytes)}\n`;
  return { world: pruned.world, stdout, stderr: "", exitCode: 0 };
}
