/**
 * `docker inspect` (containers, then networks, as the CLI's object lookup does)
 * and `docker network inspect`: indented JSON arrays, or `--format` templates run
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
import { parseFlags, value } from "./flags.ts";

/** Looks each reference up, in order, and prints the found objects; the missing ones are errors. */
function render(
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
    const tpl = format.replace(/\\t/g, "\t").replace(/\\n/g, "\n");
    for (const o of objects) {
      const r = renderTemplate(tpl, o);
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

const FORMAT_FLAGS = { bools: ["-s", "--size"], values: ["-f", "--format", "--type"], aliases: { "-f": "--format" } };

export function dockerInspect(argv: readonly string[], world: World): CommandResult {
  const p = parseFlags(argv, FORMAT_FLAGS);
  if (!p.ok) return flagError(world, "inspect", p.error);
  const refs = p.parsed.args;
  if (refs.length === 0) {
    return argsError(world, "inspect", { kind: "min", n: 1 });
  }
  const lookup = (ref: string): unknown => {
    const c = findContainer(world, ref);
    if (c) return containerJson(world, c);
    const n = findNetwork(world.docker, ref);
    return n ? networkJson(world, n) : undefined;
  };
  return render(world, refs, lookup, value(p.parsed, "--format"), (r) => `Error: No such object: ${r}\n`);
}

export function dockerNetworkInspect(argv: readonly string[], world: World): CommandResult {
  const p = parseFlags(argv, { bools: ["-v", "--verbose"], values: ["-f", "--format"], aliases: { "-f": "--format" } });
  if (!p.ok) return flagError(world, "network inspect", p.error);
  const refs = p.parsed.args;
  if (refs.length === 0) {
    return argsError(world, "network inspect", { kind: "min", n: 1 });
  }
  const lookup = (ref: string): unknown => {
    const n = findNetwork(world.docker, ref);
    return n ? networkJson(world, n) : undefined;
  };
  return render(
    world,
    refs,
    lookup,
    value(p.parsed, "--format"),
    (r) => `Error response from daemon: network ${r} not found\n`,
  );
}
