/** `docker version` and `docker info`, in the texts of the world's engine (docker/engine/). */
import { localImages } from "../../../docker/images.ts";
import type { World } from "../../../world.ts";
import type { CommandResult } from "../../command.ts";
import { profileOf } from "../../../docker/engine/index.ts";
import type { InfoFacts } from "../../../docker/engine/profile.ts";
import { renderTemplate } from "../../../docker/template.ts";

function infoFacts(world: World): InfoFacts {
  const cs = world.docker.containers;
  return {
    containers: cs.length,
    // The daemon counts a paused container as paused, not running.
    running: cs.filter((c) => c.status === "running" && !c.paused).length,
    paused: cs.filter((c) => c.status === "running" && c.paused).length,
    images: localImages(world.docker).length,
    hostname: world.netns["host"]?.hostname ?? "docker-host",
    forwarding: world.docker.forwardingAtStart ?? world.netns["host"]?.sysctl["net.ipv4.ip_forward"] === "1",
    ...(world.docker.config.liveRestore ? { liveRestore: true } : {}),
  };
}

export function dockerInfo(world: World): CommandResult {
  const facts = infoFacts(world);
  const text = profileOf(world.docker).texts.infoText(facts);
  return { world, stdout: text, stderr: facts.forwarding ? "" : "WARNING: IPv4 forwarding is disabled\n", exitCode: 0 };
}

/**
 * The Go types of the CLI's views, by the path of the value a missing field was looked
 * up on: the lab's views are maps, the CLI's are structs, which Go's error names.
 */
const VERSION_TYPES: Readonly<Record<string, string>> = {
  "": "system.versionInfo",
  ".Client": "system.clientVersion",
  ".Server": "*types.Version",
};
const INFO_TYPES: Readonly<Record<string, string>> = {
  "": "system.dockerInfo",
  ".Plugins": "system.PluginsInfo",
  ".Swarm": "swarm.Info",
};

/**
 * `--format` on the version and info views: `{{.Server.Version}}`, `{{.ServerVersion}}`, ...
 * Both CLIs execute the template straight into stdout and end it with a newline, so a
 * failed one leaves what it had written, then the error.
 */
function formatted(
  world: World,
  format: string,
  data: unknown,
  types: Readonly<Record<string, string>>,
  name?: string,
): CommandResult {
  const r = renderTemplate(format.replace(/\\t/g, "\t").replace(/\\n/g, "\n"), data, name ? { name } : {});
  if (!r.ok && r.parse) return { world, stdout: "", stderr: `failed to parse template: ${r.error}\n`, exitCode: 1 };
  if (!r.ok) {
    const error = r.error.replace(
      /at <((?:\.\w+)*)\.(\w+)>: map has no entry for key "\w+"$/,
      (all, parent: string, key: string) => {
        const type = types[parent];
        return type === undefined ? all : `at <${parent}.${key}>: can't evaluate field ${key} in type ${type}`;
      },
    );
    return { world, stdout: (r.partial ?? "") + "\n", stderr: error + "\n", exitCode: 1 };
  }
  return { world, stdout: r.text + "\n", stderr: "", exitCode: 0 };
}

export function dockerVersionFormat(world: World, format: string): CommandResult {
  // APIVersion is a method on the client view; templates may use either spelling.
  // Not enumerable, so `{{json .Client}}` prints the struct's fields only.
  const texts = profileOf(world.docker).texts;
  const withMethod = <T extends object>(o: T, v: string): T =>
    Object.defineProperty({ ...o }, "APIVersion", { value: v, enumerable: false });
  return formatted(
    world,
    format,
    {
      Client: withMethod(texts.client, String(texts.client["ApiVersion"])),
      Server: world.docker.running ? withMethod(texts.server, String(texts.server["ApiVersion"])) : null,
    },
    VERSION_TYPES,
    "version",
  );
}

export function dockerInfoFormat(world: World, format: string): CommandResult {
  return formatted(world, format, profileOf(world.docker).texts.infoJson(infoFacts(world)), INFO_TYPES);
}
