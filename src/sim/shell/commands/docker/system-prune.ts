/**
 * `docker system prune [-a] [-f] [--filter ...] [--volumes]`: the CLI's one question
 * listing what goes (moby's confirmationTemplate), then each pruner in turn, containers,
 * networks, images, as the daemon answers them, and the space reclaimed in go-units' words.
 * The lab has no build cache, so that pruner reports nothing.
 */
import { humanSize } from "../../../docker/images.ts";
import type { World } from "../../../world.ts";
import type { CommandResult } from "../../command.ts";
import { flag } from "./flags.ts";
import { pruneImages } from "./image-prune.ts";
import {
  confirmPrune,
  parsePrune,
  pruneContainers,
  pruneNetworks,
  pruneRefused,
  pruneSelector,
  type PruneInput,
} from "./prune.ts";
import { SYSTEM_PRUNE } from "./spec.ts";
import { pruneVolumes } from "./volume.ts";

function question(all: boolean, volumes: boolean, filters: ReadonlyMap<string, readonly string[]>): string {
  const warnings = [
    "all stopped containers",
    "all networks not used by at least one container",
    ...(volumes ? ["all anonymous volumes not used by at least one container"] : []),
    all ? "all images without at least one container associated to them" : "all dangling images",
    all ? "all build cache" : "unused build cache",
  ];
  const shown = ["label", "label!", "until"].flatMap((k) => (filters.get(k) ?? []).map((v) => `${k}=${v}`)).sort();
  const filtered = shown.length
    ? "\n  Items to be pruned will be filtered with:" + shown.map((f) => `\n  - ${f}`).join("") + "\n"
    : "";
  return `WARNING! This will remove:${warnings.map((w) => `\n  - ${w}`).join("")}\n${filtered}\nAre you sure you want to continue?`;
}

export function dockerSystemPrune(argv: readonly string[], world: World, input: PruneInput): CommandResult {
  const p = parsePrune(argv, world, "system prune", SYSTEM_PRUNE);
  if (!p.ok) return p.result;
  const all = flag(p.parsed, "--all");
  const asked = confirmPrune(
    world,
    question(all, flag(p.parsed, "--volumes"), p.filters),
    flag(p.parsed, "--force"),
    input,
  );
  if ("declined" in asked) return asked.declined;
  const sel = pruneSelector(world, p.filters);
  if (!sel.ok) return pruneRefused(world, asked.prompt, sel.error);
  const containers = pruneContainers(world, sel.keep);
  const networks = pruneNetworks(containers.world, sel.keep);
  const volumes = flag(p.parsed, "--volumes")
    ? pruneVolumes(networks.world, false)
    : { world: networks.world, report: "", bytes: 0 };
  const images = pruneImages(volumes.world, all, sel.keep);
  const reclaimed = containers.bytes + volumes.bytes + images.bytes;
  return {
    world: images.world,
    stdout:
      asked.prompt +
      containers.report +
      networks.report +
      volumes.report +
      images.report +
      `Total reclaimed space: ${humanSize(reclaimed)}\n`,
    stderr: "",
    exitCode: 0,
  };
}
