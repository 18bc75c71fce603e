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
    forwarding: world.netns["host"]?.sysctl["net.ipv4.ip_forward"] === "1",
    ...(world.docker.config.liveRestore ? { liveRestore: true } : {}),
  };
}

export function dockerInfo(world: World): CommandResult {
  const facts = infoFacts(world);
  const text = profileOf(world.docker).texts.infoText(facts);
  return { world, stdout: text, stderr: facts.forwarding ? "" : "WARNING: IPv4 forwarding is disabled\n", exitCode: 0 };
}

/** `--format` on the version and info views: `{{.Server.Version}}`, `{{.ServerVersion}}`, ... */
function formatted(world: World, format: string, data: unknown): CommandResult {
  const r = renderTemplate(format.replace(/\\t/g, "\t").replace(/\\n/g, "\n"), data);
  if (!r.ok)
    return { world, stdout: "", stderr: `${r.parse ? "failed to parse template: " : ""}${r.error}\n`, exitCode: 1 };
  return { world, stdout: r.text + "\n", stderr: "", exitCode: 0 };
}

export function dockerVersionFormat(world: World, format: string): CommandResult {
  // APIVersion is a method on the client view; templates may use either spelling.
  // Not enumerable, so `{{json .Client}}` prints the struct's fields only.
  const texts = profileOf(world.docker).texts;
  const withMethod = <T extends object>(o: T, v: string): T =>
    Object.defineProperty({ ...o }, "APIVersion", { value: v, enumerable: false });
  return formatted(world, format, {
    Client: withMethod(texts.client, String(texts.client["ApiVersion"])),
    Server: world.docker.running ? withMethod(texts.server, String(texts.server["ApiVersion"])) : null,
  });
}

export function dockerInfoFormat(world: World, format: string): CommandResult {
  return formatted(world, format, profileOf(world.docker).texts.infoJson(infoFacts(world)));
}
