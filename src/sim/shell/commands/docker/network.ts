/** `docker network ls|create|rm|inspect|connect|disconnect|prune`, with Docker 26.1's texts. */
import { findContainer } from "../../../docker/container.ts";
import { connectNetwork, disconnectNetwork, disconnectRemoved } from "../../../docker/container-networks.ts";
import { endpointSettingsError } from "../../../docker/endpoint.ts";
import { createNetwork, findNetwork, removeNetwork } from "../../../docker/network.ts";
import type { World } from "../../../world.ts";
import type { CommandResult, OutputChunk } from "../../command.ts";
import { dockerNetworkInspect } from "./inspect.ts";
import { flag, parseFlags, value, values } from "./flags.ts";
import { flagsOf, NETWORK_CONNECT, NETWORK_CREATE } from "./spec.ts";
import { profileOf } from "../../../docker/engine/index.ts";
import { argsError, cliCommand, flagError } from "./cli-texts.ts";
import { sharedRef } from "../../../docker/shared-netns.ts";
import { consolidateIpam } from "./network-ipam.ts";
import { dockerNetworkLs, dockerNetworkPrune } from "./network-ls.ts";

const NETWORK_USAGE = `Usage:  docker network COMMAND

Manage networks

Commands:
  connect     Connect a container to a network
  create      Create a network
  disconnect  Disconnect a container from a network
  inspect     Display detailed information on one or more networks
  ls          List networks
  prune       Remove all unused networks
  rm          Remove one or more networks

Run 'docker network COMMAND --help' for more information on a command.
`;

function out(world: World, stdout: string, stderr = "", exitCode = 0): CommandResult {
  return { world, stdout, stderr, exitCode };
}

const daemonErr = (world: World, e: string) => out(world, "", `Error response from daemon: ${e}\n`, 1);

export function dockerNetwork(
  argv: readonly string[],
  world: World,
  input: { readonly stdin: string; readonly terminal: boolean } = { stdin: "", terminal: false },
): CommandResult {
  const [sub, ...rest] = argv;
  switch (sub) {
    case undefined:
      return out(world, profileOf(world.docker).cli.groupUsage(NETWORK_USAGE));
    case "ls":
    case "list":
      return dockerNetworkLs(rest, world);
    case "create": {
      const cli = profileOf(world.docker).cli;
      const base = flagsOf(NETWORK_CREATE);
      const p = parseFlags(rest, cli.ipv4Flag ? { ...base, bools: [...base.bools, "--ipv4"] } : base);
      if (!p.ok) return flagError(world, "network create", p.error);
      if (p.parsed.args.length !== 1) return argsError(world, "network create", { kind: "exact", n: 1 });
      const labels = Object.fromEntries(
        values(p.parsed, "--label").map((l) => [l.split("=")[0]!, l.split("=").slice(1).join("=")]),
      );
      const options = Object.fromEntries(
        values(p.parsed, "--opt").map((l) => [l.split("=")[0]!, l.split("=").slice(1).join("=")]),
      );
      const driver = value(p.parsed, "--driver");
      // --subnet, --ip-range and --gateway repeat (an IPv4 and an IPv6 subnet, the v6 one with
      // --ipv6); the CLI pairs them up first, and refuses what it cannot pair.
      const ipam = consolidateIpam(
        values(p.parsed, "--subnet"),
        values(p.parsed, "--ip-range"),
        values(p.parsed, "--gateway"),
        profileOf(world.docker).cli.ipRangeParsedFirst,
        values(p.parsed, "--aux-address"),
      );
      if (!ipam.ok) return out(world, "", ipam.error + "\n", 1);
      const noIpv4 = p.parsed.flags["--ipv4"] !== undefined && !flag(p.parsed, "--ipv4");
      const v4 = ipam.configs.find((c) => !c.subnet.includes(":"));
      const v6 = ipam.configs.find((c) => c.subnet.includes(":"));
      const r = createNetwork(world, p.parsed.args[0]!, {
        internal: flag(p.parsed, "--internal"),
        ...(noIpv4 ? { enableIpv4: false } : {}),
        ...(driver !== undefined ? { driver } : {}),
        ...(v4 !== undefined ? { subnet: v4.subnet } : {}),
        ...(v4?.gateway !== undefined ? { gateway: v4.gateway } : {}),
        ...(v4?.ipRange !== undefined ? { ipRange: v4.ipRange } : {}),
        ...(v4?.auxAddresses !== undefined ? { auxAddresses: v4.auxAddresses } : {}),
        ipam: ipam.configs,
        ...(flag(p.parsed, "--ipv6") ? { ipv6: true } : {}),
        ...(v6 !== undefined ? { subnet6: v6.subnet } : {}),
        ...(v6?.gateway !== undefined ? { gateway6: v6.gateway } : {}),
        labels,
        options,
      });
      // A refused network can leave something behind (a bridge whose MTU the kernel refused).
      if (!r.ok) return daemonErr(r.world, r.error);
      const created = r.world.docker.networks[r.world.docker.networks.length - 1]!;
      return out(r.world, created.id + "\n");
    }
    case "rm":
    case "remove": {
      if (rest.length === 0) return argsError(world, "network rm", { kind: "min", n: 1 });
      let w = world;
      // The CLI writes each name, and each refusal, as it meets it.
      const output: OutputChunk[] = [];
      for (const ref of rest) {
        const n = findNetwork(w.docker, ref);
        if (!n) {
          output.push({ stream: "stderr", text: `Error response from daemon: network ${ref} not found\n` });
          continue;
        }
        const r = removeNetwork(w, n);
        if (!r.ok) {
          output.push({ stream: "stderr", text: `Error response from daemon: ${r.error}\n` });
          continue;
        }
        w = r.world;
        output.push({ stream: "stdout", text: ref + "\n" });
      }
      const failed = output.some((c) => c.stream === "stderr");
      const trailer = profileOf(w.docker).cli.networkRmTrailer;
      if (failed && trailer) output.push({ stream: "stderr", text: trailer });
      const of = (stream: OutputChunk["stream"]) =>
        output
          .filter((c) => c.stream === stream)
          .map((c) => c.text)
          .join("");
      return { ...out(w, of("stdout"), of("stderr"), failed ? 1 : 0), output };
    }
    case "inspect":
      return dockerNetworkInspect(rest, world);
    case "connect":
    case "disconnect": {
      const gw = profileOf(world.docker).cli.gwPriority && sub === "connect";
      const base = flagsOf(NETWORK_CONNECT);
      const p = parseFlags(rest, gw ? { ...base, values: [...base.values, "--gw-priority"] } : base);
      if (!p.ok) return flagError(world, `network ${sub}`, p.error);
      // pflag reads --gw-priority as an int while parsing the flags.
      const prioText = value(p.parsed, "--gw-priority");
      if (prioText !== undefined && !/^-?\d+$/.test(prioText))
        return flagError(
          world,
          `network ${sub}`,
          `invalid argument "${prioText}" for "--gw-priority" flag: strconv.ParseInt: parsing "${prioText}": invalid syntax`,
        );
      const [netRef, ctRef] = p.parsed.args;
      if (netRef === undefined || ctRef === undefined || p.parsed.args.length !== 2) {
        return argsError(world, `network ${sub}`, { kind: "exact", n: 2 });
      }
      // The daemon looks the container up before the network (a forced disconnect excepted, which may
      // detach a container it no longer knows), so naming neither says the container is missing.
      const c = findContainer(world, ctRef);
      const forced = sub === "disconnect" && flag(p.parsed, "--force");
      if (!c && !forced) return daemonErr(world, `No such container: ${ctRef}`);
      const net = findNetwork(world.docker, netRef);
      if (!net) {
        const stale = sub === "disconnect" ? c : undefined;
        if (!stale) return daemonErr(world, `network ${netRef} not found`);
        const r = disconnectRemoved(world, stale, netRef, flag(p.parsed, "--force"));
        return r.ok ? out(r.world, "") : daemonErr(world, r.error);
      }
      if (!c) return daemonErr(world, `No such container: ${ctRef}`);
      if (sub === "connect") {
        const ip = value(p.parsed, "--ip");
        const prio = value(p.parsed, "--gw-priority");
        const config = {
          ...(ip !== undefined ? { ipv4: ip } : {}),
          ...(prio !== undefined && Number(prio) !== 0 ? { gwPriority: Number(prio) } : {}),
          aliases: values(p.parsed, "--alias"),
          connected: true,
        };
        // The endpoint's settings are checked before the container's network mode.
        const invalid = endpointSettingsError(net, config);
        if (invalid) return daemonErr(world, invalid);
        if (c.networks.includes(net.id))
          return daemonErr(world, `endpoint with name ${c.name} already exists in network ${net.name}`);
        if (sharedRef(c.networkMode) !== undefined || c.networkMode === "host") {
          return daemonErr(
            world,
            "container sharing network namespace with another container or host cannot be connected to any other network",
          );
        }
        if (c.networkMode === "none" && c.networks.length > 0)
          return daemonErr(
            world,
            "container cannot be connected to multiple networks with one of the networks in private (none) mode",
          );
        // A container started with --network none and taken off `none` joins like any other (moby checks the
        // networks it is on, not the mode it was started with); only `host` is refused outright.
        if (c.networkMode === "host" || net.name === "host") {
          return daemonErr(world, `container cannot be disconnected from host network or connected to host network`);
        }
        const r = connectNetwork(world, c, net.id, config);
        return r.ok ? out(r.world, "") : daemonErr(world, r.error);
      }
      if (!c.networks.includes(net.id))
        return daemonErr(world, `container ${c.id} is not connected to network ${net.name}`);
      return out(disconnectNetwork(world, c, net.id), "");
    }
    case "prune":
      return dockerNetworkPrune(rest, world, input);
    default:
      return out(
        world,
        "",
        profileOf(world.docker).cli.unknownCommand(sub, { cmd: cliCommand("network"), usage: NETWORK_USAGE }),
        1,
      );
  }
}
