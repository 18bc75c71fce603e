/**
 * `docker build` / `docker image build` with the legacy builder, as a CLI without the
 * buildx plugin runs it: the DEPRECATED notice first, then the context sent as a tar, each
 * Dockerfile step, and the image tagged. The lab builds from images it has and runs the
 * steps that change only the image's config (ENV, LABEL, CMD, EXPOSE, ...); a step that
 * runs a command or copies files is not modelled, and says so.
 */
import { addImage } from "../../../docker/derived-images.ts";
import { humanSize, parseRef, resolveImage } from "../../../docker/images.ts";
import { newId } from "../../../docker/network.ts";
import type { ImageLayer, LocalImage } from "../../../docker/types.ts";
import { isDirectory, readFile } from "../../../kernel/files.ts";
import { metasOf } from "../../../kernel/file-meta.ts";
import { byteLength } from "../../../kernel/stack/packet.ts";
import type { World } from "../../../world.ts";
import type { CommandContext, CommandResult, OutputChunk } from "../../command.ts";
import { resolvePath } from "../../vars.ts";
import { argsError, flagError } from "./cli-texts.ts";
import { flag, parseFlags, value, values } from "./flags.ts";

const DEPRECATED = `DEPRECATED: The legacy builder is deprecated and will be removed in a future release.
            Install the buildx component to build images with BuildKit:
            https://docs.docker.com/go/buildx/

`;

const INSTRUCTIONS = [
  "ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE", "FROM", "HEALTHCHECK", "LABEL",
  "MAINTAINER", "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR",
]; // prettier-ignore

/** The steps that write files; the lab does not run them. */
const UNMODELLED = new Set(["RUN", "COPY", "ADD"]);

/** The tar of the context directory: a 512-byte header per file and directory, data padded to 512, two end blocks. */
function contextBytes(world: World, dir: string): number {
  const prefix = dir === "/" ? "/" : dir + "/";
  const files = Object.hasOwn(world.files, "host") ? world.files["host"]! : {};
  let n = 1024;
  for (const [p, text] of Object.entries(files))
    if (p.startsWith(prefix)) n += 512 + Math.ceil(byteLength(text) / 512) * 512;
  for (const [p, m] of Object.entries(metasOf(world, "host"))) if (m.kind === "dir" && p.startsWith(prefix)) n += 512;
  return n;
}

/** Levenshtein distance, for the parser's "did you mean" (suggest.Search: a distance of 2 at most). */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length]![b.length]!;
}

interface Step {
  readonly line: number;
  readonly word: string;
  readonly text: string;
  readonly args: string;
}

function parseDockerfile(text: string): Step[] | string {
  const steps: Step[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i]!.trim();
    if (t === "" || t.startsWith("#")) continue;
    const word = t.split(/\s+/)[0]!;
    const up = word.toUpperCase();
    if (!INSTRUCTIONS.includes(up)) {
      const near = INSTRUCTIONS.map((k) => [k, distance(k, up)] as const)
        .filter(([, d]) => d <= 2)
        .sort((a, b) => a[1] - b[1])[0]?.[0];
      return `dockerfile parse error on line ${i + 1}: unknown instruction: ${word}${near ? ` (did you mean ${near}?)` : ""}`;
    }
    steps.push({ line: i + 1, word: up, text: t, args: t.slice(word.length).trim() });
  }
  return steps;
}

/** ENV NAME=value ... or ENV NAME value. */
function envPairs(args: string): string[] {
  if (!args.includes("=") || /^\S+\s/.test(args.split("=")[0]!)) {
    const [name, ...rest] = args.split(/\s+/);
    return [`${name}=${rest.join(" ")}`];
  }
  return args.split(/\s+/).map((kv) => kv.replace(/"/g, ""));
}

export function dockerBuild(argv: readonly string[], ctx: CommandContext, name = "build"): CommandResult {
  const world = ctx.world;
  const out: OutputChunk[] = [{ stream: "stderr", text: DEPRECATED }];
  const done = (w: World, code: number, text?: string, stream: "stdout" | "stderr" = "stderr"): CommandResult => {
    if (text) out.push({ stream, text });
    const of = (s: string) => out.filter((o) => o.stream === s).map((o) => o.text).join(""); // prettier-ignore
    return { world: w, stdout: of("stdout"), stderr: of("stderr"), exitCode: code, output: out };
  };
  const p = parseFlags(argv, {
    bools: ["-q", "--quiet", "--no-cache", "--pull", "--rm", "--force-rm"],
    values: ["-t", "--tag", "-f", "--file", "--build-arg", "--target", "--network", "--platform", "--label"],
    aliases: { "-t": "--tag", "-f": "--file", "-q": "--quiet" },
  });
  if (!p.ok) {
    const r = flagError(world, name, p.error);
    return done(world, r.exitCode, r.stderr);
  }
  const [dir] = p.parsed.args;
  if (dir === undefined || p.parsed.args.length !== 1) {
    const r = argsError(world, name, { kind: "exact", n: 1 });
    return done(world, r.exitCode, r.stderr);
  }
  const tags = values(p.parsed, "--tag");
  for (const t of tags)
    if (!parseRef(t)) return done(world, 1, `invalid argument "${t}" for "-t, --tag" flag: invalid reference format\n`);
  const ctxDir = resolvePath(world, ctx.session, dir);
  if (!isDirectory(world, "host", ctxDir))
    return done(world, 1, `unable to prepare context: path "${dir}" not found\n`);
  const file = value(p.parsed, "--file");
  const dockerfile = file === undefined ? `${ctxDir}/Dockerfile` : resolvePath(world, ctx.session, file);
  const text = readFile(world, "host", dockerfile);
  if (text === undefined)
    return done(
      world,
      1,
      `unable to prepare context: unable to evaluate symlinks in Dockerfile path: lstat ${dockerfile}: no such file or directory\n`,
    );
  const quiet = flag(p.parsed, "--quiet");
  const say = (s: string) => {
    if (!quiet) out.push({ stream: "stdout", text: s + "\n" });
  };
  // The CLI redraws its upload progress in place: the line ends with carriage returns.
  say(`Sending build context to Docker daemon  ${humanSize(contextBytes(world, ctxDir))}\r\r`);
  const steps = parseDockerfile(text);
  if (typeof steps === "string") return done(world, 1, `Error response from daemon: ${steps}\n`);
  if (steps[0]?.word !== "FROM")
    return done(world, 1, "Error response from daemon: no build stage in current context\n");
  let w = world;
  let img: LocalImage | undefined;
  let layers: ImageLayer[] = [];
  let id = "";
  for (const [i, s] of steps.entries()) {
    say(`Step ${i + 1}/${steps.length} : ${s.text}`);
    if (s.word === "FROM") {
      img = resolveImage(w.docker, s.args.split(/\s+/)[0]!);
      if (!img)
        return done(w, 1, `Error response from daemon: pull access denied for ${s.args}, repository does not exist or may require 'docker login'\n`); // prettier-ignore
      layers = [...(img.layers ?? [])];
      id = img.id;
      say(` ---> ${id.slice(7, 19)}`);
      continue;
    }
    if (UNMODELLED.has(s.word)) return done(w, 1, `[lab: the legacy builder's ${s.word} step is not modelled]\n`);
    let cid: string;
    [cid, w] = newId(w);
    say(` ---> Running in ${cid.slice(0, 12)}`);
    say(` ---> Removed intermediate container ${cid.slice(0, 12)}`);
    layers = [
      ...layers,
      {
        createdBy: `/bin/sh -c #(nop)  ${s.word} ${s.args}`,
        created: w.clock,
        size: 0,
        comment: "",
        empty: true,
        ...(s.word === "ENV" ? { env: envPairs(s.args) } : {}),
      },
    ];
    let hex: string;
    [hex, w] = newId(w);
    id = `sha256:${hex}`;
    w = addImage(w, { id, base: img!.base ?? img!.id, layers }, undefined);
    say(` ---> ${id.slice(7, 19)}`);
  }
  say(`Successfully built ${id.slice(7, 19)}`);
  for (const t of tags) {
    const ref = parseRef(t)!;
    w = addImage(w, { id, base: img!.base ?? img!.id, layers }, `${ref.repo}:${ref.tag}`);
    say(`Successfully tagged ${ref.repo}:${ref.tag}`);
  }
  if (quiet) out.push({ stream: "stdout", text: id + "\n" });
  return done({ ...w, clock: w.clock + 500 }, 0);
}
