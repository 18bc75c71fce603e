/**
 * `run`/`create --network`, given once or more, in its short form (a name) or the CLI's
 * long form (`name=b,ip=10.77.0.20,alias=db`), as docker/cli's NetworkOpt reads it; and
 * parseNetworkOpts's checks across them, made before anything reaches the daemon.
 */
import { findContainer } from "../../../docker/container.ts";
import { connectNetwork } from "../../../docker/container-networks.ts";
import { findNetwork, type EngineResult } from "../../../docker/network.ts";
import type { World } from "../../../world.ts";
export interface NetworkAttach {
  readonly name: string;
  readonly ip?: string;
  readonly ip6?: string;
  readonly aliases: readonly string[];
}

export type NetworkFlags =
  | { readonly ok: true; readonly nets: readonly NetworkAttach[] }
  | { readonly ok: false; readonly flagError: string }
  | { readonly ok: false; readonly cliError: string };

const LONG = /\w+=\w+(,\w+=\w+)*/;
const KNOWN = new Set(["name", "alias", "ip", "ip6", "mac-address", "driver-opt", "link-local-ip", "gw-priority"]);

function parseOne(value: string): NetworkAttach | string {
  if (!LONG.test(value)) return { name: value, aliases: [] };
  let name = "";
  let ip: string | undefined;
  let ip6: string | undefined;
  const aliases: string[] = [];
  for (const field of value.split(",")) {
    const eq = field.indexOf("=");
    const key = eq > 0 ? field.slice(0, eq).trim().toLowerCase() : "";
    if (key === "") return `invalid argument "${value}" for "--network" flag: invalid field ${field}`;
    if (!KNOWN.has(key)) return `invalid argument "${value}" for "--network" flag: invalid field key ${key}`;
    const v = field.slice(eq + 1).trim();
    if (key === "name") name = v;
    else if (key === "alias") aliases.push(v);
    else if (key === "ip") ip = v;
    else if (key === "ip6") ip6 = v;
  }
  return { name, aliases, ...(ip !== undefined ? { ip } : {}), ...(ip6 !== undefined ? { ip6 } : {}) };
}

const userDefined = (name: string) =>
  !["", "default", "bridge", "host", "none"].includes(name) && !name.startsWith("container:");

/**
 * The networks asked for, the first one carrying `--ip`, `--ip6` and `--network-alias`
 * (the CLI keeps them for what used to be the only network).
 */
export function networkFlags(
  given: readonly string[],
  legacy: { readonly ip?: string; readonly ip6?: string; readonly aliases: readonly string[] },
): NetworkFlags {
  const nets: NetworkAttach[] = [];
  for (const v of given) {
    const n = parseOne(v);
    if (typeof n === "string") return { ok: false, flagError: n };
    nets.push(n);
  }
  const first = nets[0];
  if (first) {
    if (legacy.aliases.length > 0 && first.aliases.length > 0)
      return { ok: false, cliError: "conflicting options: cannot specify both --network-alias and per-network alias" };
    if (legacy.ip !== undefined && first.ip !== undefined)
      return { ok: false, cliError: "conflicting options: cannot specify both --ip and per-network IPv4 address" };
    if (legacy.ip6 !== undefined && first.ip6 !== undefined)
      return { ok: false, cliError: "conflicting options: cannot specify both --ip6 and per-network IPv6 address" };
    nets[0] = {
      ...first,
      aliases: [...legacy.aliases, ...first.aliases],
      ...(legacy.ip !== undefined ? { ip: legacy.ip } : {}),
      ...(legacy.ip6 !== undefined ? { ip6: legacy.ip6 } : {}),
    };
  }
  const seen = new Set<string>();
  for (const n of nets) {
    if (seen.has(n.name)) return { ok: false, cliError: `network "${n.name}" is specified multiple times` };
    seen.add(n.name);
  }
  if (nets.some((n) => userDefined(n.name)) && nets.some((n) => !userDefined(n.name)))
    return {
      ok: false,
      cliError: "conflicting options: cannot attach both user-defined and non-user-defined network-modes",
    };
  return { ok: true, nets };
}

/** API 1.44's EndpointsConfig: the networks after the first are the container's from its creation on. */
export function joinMoreNetworks(world: World, id: string, nets: readonly NetworkAttach[]): EngineResult<World> {
  let w = world;
  for (const n of nets) {
    const net = findNetwork(w.docker, n.name);
    if (!net) return { ok: false, world, error: `network ${n.name} not found` };
    const config = {
      ...(n.ip !== undefined ? { ipv4: n.ip } : {}),
      ...(n.ip6 !== undefined ? { ipv6: n.ip6 } : {}),
      aliases: n.aliases,
      connected: true,
    };
    const joined = connectNetwork(w, findContainer(w, id)!, net.id, config);
    if (!joined.ok) return { ok: false, world, error: joined.error };
    w = joined.world;
  }
  return { ok: true, world: w };
}
