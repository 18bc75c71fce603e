/** `docker version`, `docker info`, `docker images` and `docker pull`, in the texts of the world's engine (docker/engine/). */
import { IMAGES } from "../../../machines/images/index.ts";
import type { World } from "../../../world.ts";
import type { CommandResult } from "../../command.ts";
import { profileOf } from "../../../docker/engine/index.ts";
import type { InfoFacts } from "../../../docker/engine/profile.ts";
import { renderTemplate } from "../../../docker/template.ts";
import { parseFlags, value } from "./flags.ts";
import { flagsOf, IMAGES_SPEC } from "./spec.ts";
import { renderRows } from "./ps.ts";
import { pullError } from "./run.ts";
import { argsError, flagError } from "./cli-texts.ts";

function infoFacts(world: World): InfoFacts {
  const cs = world.docker.containers;
  return {
    containers: cs.length,
    // The daemon counts a paused container as paused, not running.
    running: cs.filter((c) => c.status === "running" && !c.paused).length,
    paused: cs.filter((c) => c.status === "running" && c.paused).length,
    images: IMAGES.length,
    hostname: world.netns["host"]?.hostname ?? "docker-host",
    forwarding: world.netns["host"]?.sysctl["net.ipv4.ip_forward"] === "1",
  };
}

export function dockerInfo(world: World): CommandResult {
  const facts = infoFacts(world);
  const text = profileOf(world.docker).texts.infoText(facts);
  return { world, stdout: text, stderr: facts.forwarding ? "" : "WARNING: IPv4 forwarding is disabled\n", exitCode: 0 };
}

export function dockerImages(argv: readonly string[], world: World): CommandResult {
  const p = parseFlags(argv, flagsOf(IMAGES_SPEC));
  if (!p.ok) return flagError(world, "images", p.error);
  const rows = IMAGES.map((i) => ({
    Repository: i.repository,
    Tag: i.tag,
    ID: i.id.slice(7, 19),
    // The lab's images were built before any world's clock starts.
    CreatedSince: "3 weeks ago",
    CreatedAt: "2026-11-08 10:00:00 +0000 UTC",
    Size: i.size,
    Digest: "<none>",
    Containers: "N/A",
    VirtualSize: i.size,
    SharedSize: "N/A",
    UniqueSize: "N/A",
  }));
  if (p.parsed.flags["--quiet"])
    return { world, stdout: rows.map((r) => r.ID + "\n").join(""), stderr: "", exitCode: 0 };
  const format =
    value(p.parsed, "--format") ?? "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}";
  const r = renderRows(format, rows, {
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
  });
  return r.ok
    ? { world, stdout: r.text, stderr: "", exitCode: 0 }
    : { world, stdout: "", stderr: r.error + "\n", exitCode: 1 };
}

/** The lab is offline: pulling fails as on a host whose resolver cannot be reached. */
export function dockerPull(argv: readonly string[], world: World): CommandResult {
  const ref = argv.find((a) => !a.startsWith("-"));
  if (ref === undefined) {
    return argsError(world, "pull", { kind: "exact", n: 1 });
  }
  const [msg, w] = pullError(world);
  const stdout = ref.includes(":") ? "" : "Using default tag: latest\n";
  return { world: w, stdout, stderr: `Error response from daemon: ${msg}\n`, exitCode: 1 };
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
