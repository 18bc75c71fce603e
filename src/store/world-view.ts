/**
 * The page's view of the world (worker/view.ts), kept up to date from the worker's
 * answers, and what the UI reads of it: container names, networks, the machine a netns
 * id stands for, the prompt. Pure.
 */
import { applyViewPatch } from "../worker/view-patch.ts";
import type { ViewUpdate, WorldView } from "../worker/protocol.ts";

/** The view after an answer: the whole one it carries, or the one held with its patch applied. */
export function nextView(held: WorldView | null, update: ViewUpdate | undefined): WorldView | null {
  if (update === undefined) return held;
  if ("full" in update) return update.full;
  // A patch is against the view this worker sent last, which the page always holds.
  return held === null ? null : applyViewPatch(held, update.patch);
}

export interface ContainerLabel {
  readonly id: string;
  readonly name: string;
  readonly image: string;
}

export function listContainers(view: WorldView): ContainerLabel[] {
  return view.docker.containers.map((c) => ({ id: c.id, name: c.name || c.id.slice(0, 12), image: c.image }));
}

export function listNetworks(view: WorldView): string[] {
  const names = view.docker.networks.map((n) => n.name);
  return names.length > 0 ? names : ["bridge", "host", "none"];
}

/** The Docker network a bridge device belongs to (`docker0` → `bridge`, `br-…` → its user network). */
export function networkOfBridge(view: WorldView, bridge: string): string | undefined {
  return view.docker.networks.find((n) => n.bridge === bridge)?.name;
}

export type MachineKind = "host" | "internet" | "container";

export function machineKind(id: string): MachineKind {
  if (id === "host") return "host";
  if (id === "internet") return "internet";
  return "container";
}

/** The name a person knows a machine by: the container's name, else its short id. */
export function machineLabel(view: WorldView | null, id: string): string {
  if (id === "host" || id === "internet") return id;
  // A namespace made with `ip netns add` is keyed `netns:NAME` (sim/kernel/named-netns.ts).
  if (id.startsWith("netns:")) return id.slice("netns:".length);
  const c = view?.docker.containers.find((x) => x.id === id);
  return c?.name || id.slice(0, 12);
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
export function promptFor(view: WorldView | null, machine: string, cwd?: string): string {
  const ns = view && Object.hasOwn(view.netns, machine) ? view.netns[machine] : undefined;
  return promptOf(machine, ns?.hostname, cwd);
}

/** The prompt for a machine whose hostname is known (a replayed line's, as it was then). */
export function promptOf(machine: string, hostname: string | undefined, cwd?: string): string {
  if (machine === "host") return `root@${hostname ?? "docker-host"}:${shortDir(cwd ?? "/root")}#`;
  if (machine === "internet") return `root@${hostname ?? "internet"}:${shortDir(cwd ?? "/root")}#`;
  return `root@${hostname ?? machine.slice(0, 12)}:${shortDir(cwd ?? "/")}#`;
}
