/**
 * The image commands: `docker images` / `image ls` (filters, -q, -a, --digests,
 * --no-trunc, --format), `docker pull` from the lab's registry, `docker rmi` /
 * `image rm|remove`, and `docker image inspect`, over the daemon's image store
 * (docker/images.ts), in the texts the oracle's CLI prints.
 */
import {
  containersOf,
  humanSize,
  localImages,
  pullImage,
  registryImage,
  removeImage,
  specOf,
} from "../../../docker/images.ts";
import type { LocalImage } from "../../../docker/types.ts";
import { normaliseRef } from "../../../machines/images/index.ts";
import type { World } from "../../../world.ts";
import type { CommandContext, CommandResult } from "../../command.ts";
import { argsError, flagError } from "./cli-texts.ts";
import { flag, humanDuration, parseFlags, value, values } from "./flags.ts";
import { imageObject, renderInspect } from "./inspect.ts";
import { renderRows } from "./ps.ts";
import { pullError } from "./registry.ts";
import { flagsOf, IMAGES_SPEC } from "./spec.ts";

const HEADERS = {
  Repository: "REPOSITORY",
  Tag: "TAG",
  ID: "IMAGE ID",
  CreatedSince: "CREATED",
  CreatedAt: "CREATED AT",
  Size: "SIZE",
  Digest: "DIGEST",
  Containers: "CONTAINERS",
  VirtualSize: "VIRTUAL SIZE",
  SharedSize: "SHARED SIZE",
  UniqueSize: "UNIQUE SIZE",
};

/** Go's "2006-01-02 15:04:05 -0700 MST" for UTC. */
function createdAt(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d+Z$/, " +0000 UTC");
}

/** A shell glob (`ngin*`) as the reference filter matches it (Go's path.Match). */
function glob(pattern: string): RegExp {
  const re = pattern
    .replace(/[.+^${}()|\\]/g, "\\$&")
    .replace(/\*/g, "[^/]*")
    .replace(/\?/g, "[^/]");
  return new RegExp(`^${re}$`);
}

/** One row per tag (a dangling image: one `<none>` row), newest image first. */
function imageRows(world: World, images: readonly LocalImage[], noTrunc: boolean, digests: boolean) {
  const v28 = world.docker.engine === "28";
  const sorted = [...images].sort((a, b) => b.created - a.created);
  return sorted.flatMap((img) => {
    const spec = specOf(img);
    const tags = img.repoTags.length > 0 ? img.repoTags : ["<none>:<none>"];
    return tags.map((t) => {
      const colon = t.lastIndexOf(":");
      const repo = t.slice(0, colon);
      const digest = img.repoDigests.find((d) => d.startsWith(`${repo}@`));
      return {
        Repository: repo,
        Tag: t.slice(colon + 1),
        ID: noTrunc ? img.id : img.id.slice(7, 19),
        CreatedSince: `${humanDuration(world.clock - img.created)} ago`,
        CreatedAt: createdAt(img.created),
        Size: humanSize(spec.sizeBytes, 3),
        Digest: digest ? digest.slice(digest.indexOf("@") + 1) : "<none>",
        // 26's CLI leaves the count unasked; 28's asks for it.
        Containers: v28 ? String(containersOf(world.docker, img).length) : "N/A",
        VirtualSize: humanSize(spec.sizeBytes),
        SharedSize: "N/A",
        UniqueSize: "N/A",
        digests: String(digests),
      };
    });
  });
}

const IMAGE_FILTERS = ["dangling", "label", "before", "since", "reference", "until"];

export function dockerImages(argv: readonly string[], world: World, name = "images"): CommandResult {
  const p = parseFlags(argv, flagsOf(IMAGES_SPEC));
  if (!p.ok) return flagError(world, name, p.error);
  const f = p.parsed;
  if (f.args.length > 1) return argsError(world, name, { kind: "max", n: 1 });
  let images = localImages(world.docker);
  const [repoArg] = f.args;
  for (const spec of values(f, "--filter")) {
    const eq = spec.indexOf("=");
    const key = eq < 0 ? spec : spec.slice(0, eq);
    const val = eq < 0 ? "" : spec.slice(eq + 1);
    if (eq < 0) return fail(world, `Error response from daemon: bad format of filter (expected name=value)`);
    if (!IMAGE_FILTERS.includes(key)) return fail(world, `Error response from daemon: invalid filter '${key}'`);
    if (key === "dangling") {
      if (val !== "true" && val !== "false" && val !== "1" && val !== "0")
        return fail(world, `Error response from daemon: invalid filter 'dangling=${val}'`);
      const dangling = val === "true" || val === "1";
      images = images.filter((i) => (i.repoTags.length === 0) === dangling);
    } else if (key === "reference") {
      const re = glob(val);
      images = images
        .map((i) => ({
          ...i,
          repoTags: i.repoTags.filter((t) => re.test(t) || re.test(t.slice(0, t.lastIndexOf(":")))),
        }))
        .filter((i) => i.repoTags.length > 0);
    } else if (key === "label") images = [];
  }
  if (repoArg !== undefined) {
    const hasTag = repoArg.includes(":");
    const want = normaliseRef(repoArg.replace(/^docker\.io\//, "").replace(/^library\//, ""));
    images = images
      .map((i) => ({
        ...i,
        repoTags: i.repoTags.filter((t) =>
          hasTag ? t === want : t.startsWith(`${want.slice(0, -":latest".length)}:`),
        ),
      }))
      .filter((i) => i.repoTags.length > 0);
  }
  const rows = imageRows(world, images, flag(f, "--no-trunc"), flag(f, "--digests"));
  if (flag(f, "--quiet")) {
    const ids = [...new Set(rows.map((r) => r.ID))];
    return { world, stdout: ids.map((id) => id + "\n").join(""), stderr: "", exitCode: 0 };
  }
  const digestCol = flag(f, "--digests") ? "\t{{.Digest}}" : "";
  const format =
    value(f, "--format") ?? `table {{.Repository}}\t{{.Tag}}${digestCol}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}`;
  // `{{json .}}` shows the formatter's fields only.
  const shown = rows.map(({ digests: _d, ...r }) =>
    Object.fromEntries(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
  );
  const r = renderRows(format, shown, HEADERS, "*formatter.imageContext");
  return r.ok ? { world, stdout: r.text, stderr: "", exitCode: 0 } : fail(world, `template parsing error: ${r.error}`);
}

function fail(world: World, text: string, exitCode = 1): CommandResult {
  return { world, stdout: "", stderr: text + "\n", exitCode };
}

/** `docker pull NAME`: from the lab's registry (docker/images.ts); names it does not have fail as offline. */
export function dockerPull(argv: readonly string[], ctx: CommandContext): CommandResult {
  const { world } = ctx;
  const p = parseFlags(argv, { bools: ["-a", "--all-tags", "-q", "--quiet"], values: ["--platform"], aliases: {} });
  if (!p.ok) return flagError(world, "pull", p.error);
  const [ref, ...extra] = p.parsed.args;
  if (ref === undefined || extra.length > 0) return argsError(world, "pull", { kind: "exact", n: 1 });
  const stdout = ref.includes(":") ? "" : "Using default tag: latest\n";
  if (!registryImage(ref)) {
    const [msg, w] = pullError(world);
    return { world: w, stdout, stderr: `Error response from daemon: ${msg}\n`, exitCode: 1 };
  }
  const pulled = pullImage(world, ref, !ctx.session.noTty);
  const canonical = `docker.io/${ref.includes("/") ? "" : "library/"}${normaliseRef(ref)}`;
  const quiet = flag(p.parsed, "--quiet");
  const body = quiet ? "" : pulled.lines.map((l) => l + "\n").join("");
  return { world: pulled.world, stdout: stdout + body + canonical + "\n", stderr: "", exitCode: 0 };
}

/** `docker rmi [-f] IMAGE...`: each reference on its own; a missing one under -f leaves the exit status 0. */
export function dockerRmi(argv: readonly string[], world: World, name = "rmi"): CommandResult {
  const p = parseFlags(argv, { bools: ["-f", "--force", "--no-prune"], values: [], aliases: { "-f": "--force" } });
  if (!p.ok) return flagError(world, name, p.error);
  const refs = p.parsed.args;
  if (refs.length === 0) return argsError(world, name, { kind: "min", n: 1 });
  const force = flag(p.parsed, "--force");
  let w = world;
  let stdout = "";
  let stderr = "";
  let failed = false;
  for (const ref of refs) {
    const r = removeImage(w, ref, force);
    w = r.world;
    if (r.ok) stdout += r.lines.map((l) => l + "\n").join("");
    else {
      stderr += `Error response from daemon: ${r.error}\n`;
      if (!(force && r.error.startsWith("No such image"))) failed = true;
    }
  }
  return { world: w, stdout, stderr, exitCode: failed ? 1 : 0 };
}

/** `docker image inspect IMAGE...`: the image's JSON, or a template on each. */
export function dockerImageInspect(argv: readonly string[], world: World): CommandResult {
  const p = parseFlags(argv, { bools: [], values: ["-f", "--format", "--platform"], aliases: { "-f": "--format" } });
  if (!p.ok) return flagError(world, "image inspect", p.error);
  if (p.parsed.args.length === 0) return argsError(world, "image inspect", { kind: "min", n: 1 });
  const format = value(p.parsed, "--format");
  return renderInspect(
    world,
    p.parsed.args,
    (ref) => imageObject(world, ref, format !== undefined),
    format,
    (r) => `Error response from daemon: No such image: ${r.includes(":") ? r : normaliseRef(r)}\n`,
  );
}
