/**
 * `docker inspect` (containers, then networks, as the CLI's object lookup does)
 * (and volumes, last, as the CLI's autodetect tries them), and `docker network inspect`: indented JSON arrays, or `--format` templates run
 * on each object. Texts and exit codes as Docker 26.1's: a missing object prints
 * `[]` and an error; a template parse error exits 64.
 */
import { findContainer } from "../../../docker/container.ts";
import { containerJson, indentJson, networkJson } from "../../../docker/inspect.ts";
import { findNetwork } from "../../../docker/network.ts";
import { renderTemplate } from "../../../docker/template.ts";
import type { World } from "../../../world.ts";
import type { CommandResult } from "../../command.ts";
import { argsError, flagError } from "./cli-texts.ts";
import { flag, parseFlags, value } from "./flags.ts";
import { resolveImage } from "../../../docker/images.ts";
import { imageJson } from "../../../docker/image-json.ts";
import { isTypedView, rawOf, typed as typedView } from "../../../docker/go-value.ts";
import { CONTAINER_TYPE, imageType, NETWORK_TYPE } from "../../../docker/inspect-types.ts";
import { normaliseRef } from "../../../machines/images/index.ts";
import { profileOf } from "../../../docker/engine/index.ts";
import { volumeObject } from "./volume.ts";

/** Looks each reference up, in order, and prints the found objects; the missing ones are errors. */
export function renderInspect(
  world: World,
  refs: readonly string[],
  lookup: (ref: string) => unknown,
  format: string | undefined,
  missingText: (r: string) => string,
): CommandResult {
  const objects: unknown[] = [];
  const missing: string[] = [];
  for (const ref of refs) {
    const o = lookup(ref);
    if (o === undefined) missing.push(ref);
    else objects.push(o);
  }
  let stdout = "";
  let stderr = "";
  if (format === undefined) {
    stdout = indentJson(objects) + "\n";
  } else {
    // The inspect CLI parses the format as typed (no `\t`/`\n` rewriting, unlike ps's formatter).
    const tpl = format;
    const opts = { comparisonTypes: profileOf(world.docker).cli.comparisonTypes };
    for (const o of objects) {
      // The CLI runs the template on the typed struct, and on the raw JSON when that fails.
      let r = renderTemplate(tpl, o, opts);
      if (!r.ok && !r.parse && isTypedView(o)) r = renderTemplate(tpl, rawOf(o), { ...opts, raw: true });
      if (!r.ok) {
        if (r.parse) return { world, stdout: "", stderr: `template parsing error: ${r.error}\n`, exitCode: 64 };
        return { world, stdout: stdout + "\n", stderr: `template parsing error: ${r.error}\n`, exitCode: 1 };
      }
      stdout += r.text + "\n";
    }
    // The CLI's template inspector writes a newline when it rendered nothing at all.
    if (objects.length === 0) stdout = "\n";
  }
  for (const m of missing) stderr += missingText(m);
  return { world, stdout, stderr, exitCode: missing.length > 0 ? 1 : 0 };
}

/** The image a reference names, as `docker inspect` shows it, or undefined. */
export function imageObject(world: World, ref: string, typed = false): unknown {
  const img = resolveImage(world.docker, ref);
  if (!img) return undefined;
  const json = imageJson(world, img);
  return typed ? typedView(json, imageType(world.docker.engine)) : json;
}

const FORMAT_FLAGS = {
  bools: ["-s", "--size"],
  values: ["-f", "--format", "--type"],
  aliases: { "-f": "--format", "-s": "--size" },
};

/** What the daemon answers for a reference --type looked for in vain (no plugins are installed in the lab). */
const MISSING: Record<string, (r: string) => string> = {
  container: (r) => `Error response from daemon: No such container: ${r}\n`,
  image: (r) => `Error response from daemon: No such image: ${r.includes(":") ? r : normaliseRef(r)}\n`,
  network: (r) => `Error response from daemon: network ${r} not found\n`,
  volume: (r) => `Error response from daemon: get ${r}: no such volume\n`,
  plugin: (r) => `Error response from daemon: plugin "${r}" not found\n`,
};

export function dockerInspect(argv: readonly string[], world: World): CommandResult {
  const p = parseFlags(argv, FORMAT_FLAGS);
  if (!p.ok) return flagError(world, "inspect", p.error);
  const refs = p.parsed.args;
  if (refs.length === 0) {
    return argsError(world, "inspect", { kind: "min", n: 1 });
  }
  // The CLI's object lookup: a container, then an image, then a network (or the --type asked for).
  const type = value(p.parsed, "--type");
  if (type !== undefined && !Object.hasOwn(MISSING, type))
    return { world, stdout: "", stderr: `"${type}" is not a valid value for --type\n`, exitCode: 1 };
  // Templates run on the CLI's typed structs: fmt prints them as Go values.
  const templated = value(p.parsed, "--format") !== undefined;
  const size = flag(p.parsed, "--size");
  const lookup = (ref: string): unknown => {
    const c = type === undefined || type === "container" ? findContainer(world, ref) : undefined;
    if (c) return templated ? typedView(containerJson(world, c, size), CONTAINER_TYPE) : containerJson(world, c, size);
    const img = type === undefined || type === "image" ? imageObject(world, ref, templated) : undefined;
    if (img) return img;
    const n = type === undefined || type === "network" ? findNetwork(world.docker, ref) : undefined;
    if (n) return templated ? typedView(networkJson(world, n), NETWORK_TYPE) : networkJson(world, n);
    return type === undefined || type === "volume" ? volumeObject(world, ref, templated) : undefined;
  };
  const missing = (r: string): string => (type === undefined ? `Error: No such object: ${r}\n` : MISSING[type]!(r));
  return renderInspect(world, refs, lookup, value(p.parsed, "--format"), missing);
}

export function dockerNetworkInspect(argv: readonly string[], world: World): CommandResult {
  const p = parseFlags(argv, { bools: ["-v", "--verbose"], values: ["-f", "--format"], aliases: { "-f": "--format" } });
  if (!p.ok) return flagError(world, "network inspect", p.error);
  const refs = p.parsed.args;
  if (refs.length === 0) {
    return argsError(world, "network inspect", { kind: "min", n: 1 });
  }
  const templated = value(p.parsed, "--format") !== undefined;
  const lookup = (ref: string): unknown => {
    const n = findNetwork(world.docker, ref);
    if (!n) return undefined;
    return templated ? typedView(networkJson(world, n), NETWORK_TYPE) : networkJson(world, n);
  };
  return renderInspect(
    world,
    refs,
    lookup,
    value(p.parsed, "--format"),
    (r) => `Error response from daemon: network ${r} not found\n`,
  );
}
