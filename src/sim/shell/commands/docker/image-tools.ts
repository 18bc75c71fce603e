/**
 * `docker tag`, `history`, `diff`, `commit`, `save`, `load` and `export`: images named,
 * made and carried by hand. A saved archive is a file on the host that remembers which
 * image it holds, so `docker load` brings that image back.
 */
import { findContainer } from "../../../docker/container.ts";
import { addImage, commitContainer, diffLines } from "../../../docker/derived-images.ts";
import { logContainerEvent, logEvent } from "../../../docker/events.ts";
import { humanSize, parseRef, resolveImage, specOf } from "../../../docker/images.ts";
import type { LocalImage } from "../../../docker/types.ts";
import { readFile, writeFile } from "../../../kernel/files.ts";
import type { World } from "../../../world.ts";
import type { CommandContext, CommandResult } from "../../command.ts";
import { resolvePath } from "../../vars.ts";
import { argsError, flagError } from "./cli-texts.ts";
import { flag, humanDuration, parseFlags, tabwrite, value } from "./flags.ts";
import { renderTemplate } from "../../../docker/template.ts";

const fail = (world: World, text: string): CommandResult => ({ world, stdout: "", stderr: text + "\n", exitCode: 1 });

/** The daemon's name for a reference in its errors: a tag added when none was given. */
function named(ref: string): string {
  const p = parseRef(ref);
  return p && !ref.includes("@") && !/^[0-9a-f]{6,64}$/.test(ref)
    ? `${ref.includes(":") ? ref : `${ref}:latest`}`
    : ref;
}

/** reference.ParseNormalizedNamed's refusal of a target name. */
function badReference(ref: string): string | undefined {
  if (parseRef(ref)) return undefined;
  const colon = ref.lastIndexOf(":");
  const repo = colon > 0 && !ref.slice(colon).includes("/") ? ref.slice(0, colon) : ref;
  const why =
    repo !== repo.toLowerCase() && parseRef(repo.toLowerCase())
      ? `invalid reference format: repository name (${repo.includes("/") ? repo : `library/${repo}`}) must be lowercase`
      : "invalid reference format";
  return `Error parsing reference: "${ref}" is not a valid repository/tag: ${why}`;
}

function fullTag(ref: string): string {
  const p = parseRef(ref)!;
  return `${p.repo}:${p.tag}`;
}

export function dockerTag(argv: readonly string[], world: World): CommandResult {
  const p = parseFlags(argv, { bools: [], values: [] });
  if (!p.ok) return flagError(world, "tag", p.error);
  const [src, target] = p.parsed.args;
  if (src === undefined || target === undefined || p.parsed.args.length !== 2)
    return argsError(world, "tag", { kind: "exact", n: 2 });
  const bad = badReference(target);
  if (bad) return fail(world, bad);
  const img = resolveImage(world.docker, src);
  if (!img) return fail(world, `Error response from daemon: No such image: ${named(src)}`);
  const tag = fullTag(target);
  let w = addImage(world, img, tag);
  w = logEvent(w, "image", "tag", img.id, { name: tag });
  return { world: w, stdout: "", stderr: "", exitCode: 0 };
}

interface HistoryRow {
  readonly id: string;
  readonly created: number;
  readonly createdBy: string;
  readonly size: number;
  readonly comment: string;
}

/** An image's history, newest first: its own layers, then the catalogue image's (an import is one). */
function historyRows(img: LocalImage): HistoryRow[] {
  const spec = specOf(img);
  const own = (img.layers ?? []).map((l, i, all) => ({
    id: i === all.length - 1 ? img.id : "<missing>",
    created: l.created,
    createdBy: l.createdBy,
    size: l.size,
    comment: l.comment,
  }));
  const first: HistoryRow = {
    id: own.length === 0 ? img.id : spec.id,
    created: own.length === 0 ? img.created : img.created,
    createdBy: "",
    size: spec.sizeBytes,
    comment: "Imported from -",
  };
  return [...own.reverse(), first];
}

export function dockerHistory(argv: readonly string[], world: World): CommandResult {
  const p = parseFlags(argv, {
    bools: ["-q", "--quiet", "--no-trunc", "-H", "--human"],
    values: ["--format", "--platform"],
    aliases: { "-q": "--quiet", "-H": "--human" },
  });
  if (!p.ok) return flagError(world, "history", p.error);
  const [ref] = p.parsed.args;
  if (ref === undefined || p.parsed.args.length !== 1) return argsError(world, "history", { kind: "exact", n: 1 });
  const img = resolveImage(world.docker, ref);
  if (!img) return fail(world, `Error response from daemon: No such image: ${named(ref)}`);
  const noTrunc = flag(p.parsed, "--no-trunc");
  const rows = historyRows(img).map((r) => ({
    ID: r.id === "<missing>" ? r.id : noTrunc ? r.id : r.id.slice(7, 19),
    CreatedSince: `${humanDuration(world.clock - r.created)} ago`,
    CreatedAt: new Date(r.created).toISOString().replace(/\.\d+Z$/, "Z"),
    CreatedBy: r.createdBy,
    Size: humanSize(r.size, 3),
    Comment: r.comment,
  }));
  if (flag(p.parsed, "--quiet"))
    return { world, stdout: rows.map((r) => r.ID + "\n").join(""), stderr: "", exitCode: 0 };
  const format = value(p.parsed, "--format");
  if (format !== undefined && format !== "" && !format.startsWith("table")) {
    let stdout = "";
    for (const r of rows) {
      const t = renderTemplate(format, r);
      if (!t.ok) return fail(world, t.error);
      stdout += t.text + "\n";
    }
    return { world, stdout, stderr: "", exitCode: 0 };
  }
  const table = [["IMAGE", "CREATED", "CREATED BY", "SIZE", "COMMENT"]];
  for (const r of rows)
    table.push([r.ID, r.CreatedSince, noTrunc ? r.CreatedBy : r.CreatedBy.slice(0, 45), r.Size, r.Comment]);
  return { world, stdout: tabwrite(table), stderr: "", exitCode: 0 };
}

export function dockerDiff(argv: readonly string[], world: World): CommandResult {
  const p = parseFlags(argv, { bools: [], values: [] });
  if (!p.ok) return flagError(world, "diff", p.error);
  const [ref] = p.parsed.args;
  if (ref === undefined || p.parsed.args.length !== 1) return argsError(world, "diff", { kind: "exact", n: 1 });
  const c = findContainer(world, ref);
  if (!c) return fail(world, `Error response from daemon: No such container: ${ref}`);
  return {
    world,
    stdout: diffLines(world, c)
      .map((l) => l + "\n")
      .join(""),
    stderr: "",
    exitCode: 0,
  };
}

export function dockerCommit(argv: readonly string[], world: World): CommandResult {
  const p = parseFlags(argv, {
    bools: ["-p", "--pause"],
    values: ["-a", "--author", "-m", "--message", "-c", "--change"],
  });
  if (!p.ok) return flagError(world, "commit", p.error);
  const [ref, repo] = p.parsed.args;
  if (ref === undefined || p.parsed.args.length > 2)
    return argsError(world, "commit", { kind: "range", min: 1, max: 2 });
  if (repo !== undefined) {
    const bad = badReference(repo);
    if (bad) return fail(world, bad);
  }
  const c = findContainer(world, ref);
  if (!c) return fail(world, `Error response from daemon: No such container: ${ref}`);
  const made = commitContainer(world, c, repo === undefined ? undefined : fullTag(repo));
  const w = logContainerEvent(made.world, c, "commit", { comment: "" });
  return { world: w, stdout: made.id + "\n", stderr: "", exitCode: 0 };
}

/** What a saved archive holds, for `docker load` to read back (the lab keeps no tar's bytes). */
const ARCHIVE_MARK = "lab-image-archive ";

export function dockerSave(argv: readonly string[], ctx: CommandContext): CommandResult {
  const { world } = ctx;
  const p = parseFlags(argv, { bools: [], values: ["-o", "--output", "--platform"], aliases: { "-o": "--output" } });
  if (!p.ok) return flagError(world, "save", p.error);
  const refs = p.parsed.args;
  if (refs.length === 0) return argsError(world, "save", { kind: "min", n: 1 });
  const out = value(p.parsed, "--output");
  const imgs: LocalImage[] = [];
  for (const ref of refs) {
    const img = resolveImage(world.docker, ref);
    if (!img) return fail(world, `Error response from daemon: No such image: ${ref}`);
    imgs.push(img);
  }
  if (out === undefined) {
    if (ctx.stdoutTty !== false && ctx.stdoutFile === undefined)
      return fail(world, "cowardly refusing to save to a terminal. Use the -o flag or redirect");
    return { world, stdout: archive(refs, imgs), stderr: "", exitCode: 0 };
  }
  const path = resolvePath(world, ctx.session, out);
  return { world: writeFile(world, "host", path, archive(refs, imgs)), stdout: "", stderr: "", exitCode: 0 };
}

function archive(refs: readonly string[], imgs: readonly LocalImage[]): string {
  return ARCHIVE_MARK + JSON.stringify(imgs.map((img, i) => ({ ...img, repoTags: tagsSaved(refs[i]!, img) }))) + "\n";
}

/** A name saves that tag; an id saves every tag the image has. */
function tagsSaved(ref: string, img: LocalImage): string[] {
  const p = parseRef(ref);
  return p && img.repoTags.includes(`${p.repo}:${p.tag}`) ? [`${p.repo}:${p.tag}`] : [...img.repoTags];
}

export function dockerLoad(argv: readonly string[], ctx: CommandContext): CommandResult {
  const { world } = ctx;
  const p = parseFlags(argv, {
    bools: ["-q", "--quiet"],
    values: ["-i", "--input", "--platform"],
    aliases: { "-i": "--input", "-q": "--quiet" },
  });
  if (!p.ok) return flagError(world, "load", p.error);
  if (p.parsed.args.length > 0) return argsError(world, "load", { kind: "none" });
  const input = value(p.parsed, "--input");
  let text: string | undefined = ctx.stdin;
  if (input !== undefined) {
    text = readFile(world, "host", resolvePath(world, ctx.session, input));
    if (text === undefined) return fail(world, `open ${input}: no such file or directory`);
  } else if (ctx.stdinFile === undefined && ctx.stdin === "") {
    return fail(world, "requested load from stdin, but stdin is empty");
  }
  const images = text.startsWith(ARCHIVE_MARK) ? archiveImages(text.slice(ARCHIVE_MARK.length)) : undefined;
  if (!images) return fail(world, "Error response from daemon: unexpected EOF");
  let w = world;
  let stdout = "";
  for (const img of images) {
    // A loaded image keeps what made it (its time, an import stays an import).
    for (const tag of img.repoTags) {
      w = addImage(w, img, tag);
      stdout += `Loaded image: ${tag}\n`;
    }
    if (img.repoTags.length === 0) {
      w = addImage(w, img, undefined);
      stdout += `Loaded image ID: ${img.id}\n`;
    }
  }
  return { world: w, stdout: flag(p.parsed, "--quiet") ? "" : stdout, stderr: "", exitCode: 0 };
}

/** The images a lab archive holds; undefined for a file that only starts like one (a learner can write any). */
function archiveImages(json: string): LocalImage[] | undefined {
  let v: unknown;
  try {
    v = JSON.parse(json);
  } catch {
    return undefined;
  }
  const isImage = (x: unknown): x is LocalImage =>
    typeof x === "object" &&
    x !== null &&
    typeof (x as LocalImage).id === "string" &&
    Array.isArray((x as LocalImage).repoTags) &&
    (x as LocalImage).repoTags.every((t) => typeof t === "string");
  return Array.isArray(v) && v.every(isImage) ? v : undefined;
}

export function dockerExport(argv: readonly string[], ctx: CommandContext): CommandResult {
  const { world } = ctx;
  const p = parseFlags(argv, { bools: [], values: ["-o", "--output"], aliases: { "-o": "--output" } });
  if (!p.ok) return flagError(world, "export", p.error);
  const [ref] = p.parsed.args;
  if (ref === undefined || p.parsed.args.length !== 1) return argsError(world, "export", { kind: "exact", n: 1 });
  const out = value(p.parsed, "--output");
  if (out === undefined && ctx.stdoutTty !== false && ctx.stdoutFile === undefined)
    return fail(world, "cowardly refusing to save to a terminal. Use the -o flag or redirect");
  const c = findContainer(world, ref);
  if (!c) return fail(world, `Error response from daemon: No such container: ${ref}`);
  const text = `lab-container-archive ${c.id}\n`;
  const w = logContainerEvent(world, c, "export");
  if (out === undefined) return { world: w, stdout: text, stderr: "", exitCode: 0 };
  return { world: writeFile(w, "host", resolvePath(w, ctx.session, out), text), stdout: "", stderr: "", exitCode: 0 };
}
