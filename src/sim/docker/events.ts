/**
 * The daemon's event log (`docker events`): what dockerd did to containers, networks and
 * images, each with its actor's attributes, stamped with the lab's clock. dockerd keeps
 * the last 256 in memory for `--since` to replay; so does the world.
 */
import type { Container, DockerNetwork, DockerWorld } from "./types.ts";

export type EventType = "container" | "network" | "image";

export interface DockerEvent {
  /** The lab's clock (ms since the epoch) when dockerd logged it. */
  readonly time: number;
  readonly type: EventType;
  readonly action: string;
  /** The actor: a container's or network's id, an image's `sha256:` id. */
  readonly id: string;
  readonly attributes: Readonly<Record<string, string>>;
}

/** moby's events.eventsLimit: older events fall out of what `--since` can replay. */
const EVENTS_KEPT = 256;

export function eventsOf(world: Pick<DockerWorld, "docker">): readonly DockerEvent[] {
  return world.docker.events ?? [];
}

export function logEvent<W extends DockerWorld>(
  world: W,
  type: EventType,
  action: string,
  id: string,
  attributes: Readonly<Record<string, string>>,
): W {
  const ev: DockerEvent = { time: world.clock, type, action, id, attributes };
  const kept = eventsOf(world);
  const events = kept.length >= EVENTS_KEPT ? [...kept.slice(kept.length - EVENTS_KEPT + 1), ev] : [...kept, ev];
  return { ...world, docker: { ...world.docker, events } };
}

/** A container event carries its image and name (and the labels it was given), plus the action's own. */
export function logContainerEvent<W extends DockerWorld>(
  world: W,
  c: Container,
  action: string,
  extra: Readonly<Record<string, string>> = {},
): W {
  return logEvent(world, "container", action, c.id, { image: c.image, name: c.name, ...extra });
}

/** A network event names the network and its driver; connect and disconnect name the container too. */
export function logNetworkEvent<W extends DockerWorld>(
  world: W,
  net: Pick<DockerNetwork, "id" | "name" | "driver">,
  action: string,
  containerId?: string,
): W {
  const attrs: Record<string, string> = containerId === undefined ? {} : { container: containerId };
  return logEvent(world, "network", action, net.id, { ...attrs, name: net.name, type: net.driver });
}

/** A network event by id, when the network is still known (it is, while an endpoint holds it). */
export function logNetworkEventById<W extends DockerWorld>(
  world: W,
  networkId: string,
  action: string,
  containerId: string,
): W {
  const net = world.docker.networks.find((n) => n.id === networkId);
  return net ? logNetworkEvent(world, net, action, containerId) : world;
}
