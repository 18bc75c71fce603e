/**
 * Read-only views of a world for the UI: container names, networks, the machine a
 * netns id stands for. Pure. The Docker engine's state is still growing, so its
 * fields are read structurally (a missing field gives an empty answer, never a throw).
 */
import type { World } from "../worker/protocol.ts";

export interface ContainerView {
  readonly id: string;
  readonly name: string;
  readonly image?: string;
}

type Loose = Record<string, unknown>;

function asRecord(v: unknown): Loose | undefined {
  return typeof v === "object" && v !== null ? (v as Loose) : undefined;
}

function entries(v: unknown): Loose[] {
  if (Array.isArray(v)) return v.map(asRecord).filter((x): x is Loose => x !== undefined);
  const r = asRecord(v);
  return r
    ? Object.values(r)
        .map(asRecord)
        .filter((x): x is Loose => x !== undefined)
    : [];
}

function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

/** Docker's names have a leading slash in the API (`/mynginxs`); the CLI prints them without. */
function cleanName(v: unknown): string | undefined {
  const s = str(v) ?? (Array.isArray(v) ? str(v[0]) : undefined);
  return s?.replace(/^\//, "");
}

export function listContainers(world: World): ContainerView[] {
  const docker = asRecord(world.docker);
  const out: ContainerView[] = [];
  for (const c of entries(docker?.containers)) {
    const id = str(c.id) ?? str(c.Id);
    if (!id) continue;
    const name = cleanName(c.name) ?? cleanName(c.Name) ?? cleanName(c.names) ?? id.slice(0, 12);
    const image = str(c.image) ?? str(c.Image);
    out.push(image ? { id, name, image } : { id, name });
  }
  return out;
}

export function listNetworks(world: World): string[] {
  const docker = asRecord(world.docker);
  const names = entries(docker?.networks)
    .map((n) => str(n.name) ?? str(n.Name))
    .filter((n): n is string => n !== undefined);
  return names.length > 0 ? names : ["bridge", "host", "none"];
}

/** The Docker network a bridge device belongs to (`docker0` → `bridge`, `br-…` → its user network). */
export function networkOfBridge(world: World, bridge: string): string | undefined {
  const docker = asRecord(world.docker);
  for (const n of entries(docker?.networks)) if (str(n.bridge) === bridge) return str(n.name);
  return undefined;
}

export type MachineKind = "host" | "internet" | "container";

export function machineKind(id: string): MachineKind {
  if (id === "host") return "host";
  if (id === "internet") return "internet";
  return "container";
}

/** The name a person knows a machine by: the container's name, else its short id. */
export function machineLabel(world: World | null, id: string): string {
  if (id === "host" || id === "internet") return id;
  const c = world ? listContainers(world).find((x) => x.id === id) : undefined;
  return c?.name ?? id.slice(0, 12);
}

/** bash's `\w`: the working directory, with root's home shown as `~`. */
function shortDir(cwd: string): string {
  if (cwd === "/root") return "~";
  return cwd.startsWith("/root/") ? "~" + cwd.slice(5) : cwd;
}

/**
 * bash's `\u@\h:\w\$` for root: where `cd` left the shell (`cwd`), else the home
 * directory on the host and the internet, `/` in a container.
 */
export function promptFor(world: World | null, machine: string, cwd?: string): string {
  const ns = world?.netns[machine];
  // World.hostname is a stand-in until the kernel model names the host netns; read it loosely.
  const legacy = str(asRecord(world)?.hostname);
  return promptOf(machine, ns?.hostname ?? (machine === "host" ? legacy : undefined), cwd);
}

/** The prompt for a machine whose hostname is known (a replayed line's, as it was then). */
export function promptOf(machine: string, hostname: string | undefined, cwd?: string): string {
  if (machine === "host") return `root@${hostname ?? "docker-host"}:${shortDir(cwd ?? "/root")}#`;
  if (machine === "internet") return `root@${hostname ?? "internet"}:${shortDir(cwd ?? "/root")}#`;
  return `root@${hostname ?? machine.slice(0, 12)}:${shortDir(cwd ?? "/")}#`;
}
