/**
 * Machines and addresses by what they are to a lesson (types.ts Role, AddressRef),
 * read from the world: lessons never depend on the names or ids a learner's
 * containers get, nor on which address a container was handed.
 */
import type { Container, DockerNetwork, Endpoint } from "../sim/docker/types.ts";
import type { Addr } from "../sim/kernel/types.ts";
import type { AddressRef, Role } from "./types.ts";

/**
 * What roles, moments and predictions read of a world: a whole World (the worker's
 * checks), or the view of one the page holds (worker/view.ts), which has these fields too.
 */
export interface RoleWorld {
  readonly netns: Readonly<Record<string, { readonly addrs: readonly Addr[] }>>;
  readonly docker: {
    readonly networks: readonly Pick<DockerNetwork, "id" | "driver" | "gateway" | "isDefault">[];
    readonly containers: readonly (Pick<Container, "id"> & {
      readonly endpoints: readonly Pick<Endpoint, "networkId" | "ipAddress" | "gateway">[];
    })[];
  };
}

/** Every namespace other than the host's and the internet's is a container's. */
export function roleOf(netns: string): Role {
  return netns === "host" || netns === "internet" ? netns : "container";
}

/** A namespace's global addresses (not loopback), eth0 first. */
export function addressesOf(world: RoleWorld, netns: string): string[] {
  const ns = Object.hasOwn(world.netns, netns) ? world.netns[netns] : undefined;
  if (!ns) return [];
  const global = ns.addrs.filter((a) => a.scope === "global" && a.ifname !== "lo");
  return [...global.filter((a) => a.ifname === "eth0"), ...global.filter((a) => a.ifname !== "eth0")].map(
    (a) => a.address,
  );
}

function ethAddress(world: RoleWorld, netns: string): string[] {
  const ns = Object.hasOwn(world.netns, netns) ? world.netns[netns] : undefined;
  return ns ? ns.addrs.filter((a) => a.ifname === "eth0").map((a) => a.address) : [];
}

function containerAddresses(world: RoleWorld): string[] {
  return Object.keys(world.netns)
    .filter((id) => roleOf(id) === "container")
    .flatMap((id) => addressesOf(world, id));
}

function gateways(world: RoleWorld): string[] {
  return world.docker.networks.flatMap((n) => (n.driver === "bridge" && n.gateway ? [n.gateway] : []));
}

/** Whether `addr` is what `ref` names in this world. */
export function addressIs(world: RoleWorld, addr: string, ref: AddressRef): boolean {
  if ("literal" in ref) return addr === ref.literal;
  if ("on" in ref) {
    const nets = world.docker.networks.filter((n) => n.isDefault === (ref.on === "default")).map((n) => n.id);
    return world.docker.containers.some((c) =>
      c.endpoints.some((e) => nets.includes(e.networkId) && e.ipAddress === addr),
    );
  }
  switch (ref.role) {
    case "host":
      return ethAddress(world, "host").includes(addr);
    case "internet":
      return ethAddress(world, "internet").includes(addr);
    case "container":
      return containerAddresses(world).includes(addr);
    case "gateway":
      return gateways(world).includes(addr);
    case "loopback":
      return addr.startsWith("127.");
  }
}

/**
 * The one address a role stands for, around a given container (the one a trace is about):
 * its own address, its network's gateway; the host's and the internet's eth0.
 */
export function addressFor(
  world: RoleWorld,
  role: "host" | "internet" | "container" | "gateway" | "loopback",
  container: string | undefined,
): string | undefined {
  switch (role) {
    case "host":
      return ethAddress(world, "host")[0];
    case "internet":
      return ethAddress(world, "internet")[0];
    case "loopback":
      return "127.0.0.1";
    case "container":
      return container ? addressesOf(world, container)[0] : containerAddresses(world)[0];
    case "gateway": {
      const c = container ? world.docker.containers.find((x) => x.id === container) : undefined;
      return c?.endpoints[0]?.gateway ?? world.docker.networks.find((n) => n.isDefault)?.gateway;
    }
  }
}
