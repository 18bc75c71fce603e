/** `docker network ls|create|rm|inspect|connect|disconnect|prune`, with Docker 26.1's texts. */
import { connectNetwork, disconnectNetwork, findContainer } from "../../../docker/container.ts";
import { endpointSettingsError } from "../../../docker/endpoint.ts";
import { createNetwork, findNetwork, removeNetwork, unusedNetworks } from "../../../docker/network.ts";
import type { World } from "../../../world.ts";
import type { CommandResult } from "../../command.ts";
import { dockerNetworkInspect } from "./inspect.ts";
import { renderRows } from "./ps.ts";
import { flag, parseFlags, value, values } from "./flags.ts";
import { flagsOf, NETWORK_CONNECT, NETWORK_CREATE, NETWORK_LS } from "./spec.ts";
import { profileOf } from "../../../docker/engine/index.ts";
import { argsError, cliCommand, flagError } from "./cli-texts.ts";
import { sharedRef } from "../../../docker/shared-netns.ts";

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

export function dockerNetwork(argv: readonly string[], world: World): CommandResult {
  const [sub, ...rest] = argv;
  switch (sub) {
    case undefined:
      return out(world, profileOf(world.docker).cli.groupUsage(NETWORK_USAGE));
    case "ls":
    case "list": {
      const p = parseFlags(rest, flagsOf(NETWORK_LS));
      if (!p.ok) return flagError(world, "network ls", p.error);
      const trunc = !flag(p.parsed, "--no-trunc");
      let nets = [...world.docker.networks].sort((a, b) => (a.name < b.name ? -1 : 1));
      for (const spec of values(p.parsed, "--filter")) {
        const key = spec.slice(0, Math.max(0, spec.indexOf("=")));
        const v = spec.slice(spec.indexOf("=") + 1);
        const tests: Record<string, (n: (typeof nets)[number]) => boolean> = {
          driver: (n) => n.driver === v,
          name: (n) => n.name.includes(v),
          id: (n) => n.id.startsWith(v),
          type: (n) => (v === "builtin") === ["bridge", "host", "none"].includes(n.name),
          scope: () => v === "local",
        };
        const test = Object.hasOwn(tests, key) ? tests[key] : undefined;
        if (!test) return out(world, "", `Error response from daemon: invalid filter '${key}'\n`, 1);
        nets = nets.filter(test);
      }
      if (flag(p.parsed, "--quiet"))
        return out(world, nets.map((n) => (trunc ? n.id.slice(0, 12) : n.id) + "\n").join(""));
      const rows = nets.map((n) => ({
        ID: trunc ? n.id.slice(0, 12) : n.id,
        Name: n.name,
        Driver: n.driver,
        Scope: "local",
        IPv6: String(n.ipv6 !== undefined),
        Internal: "false",
        Labels: "",
        CreatedAt: "",
      }));
      const format = value(p.parsed, "--format") ?? "table {{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.Scope}}";
      const r = renderRows(format, rows, {
        ID: "NETWORK ID",
        Name: "NAME",
        Driver: "DRIVER",
        Scope: "SCOPE",
        IPv6: "IPV6",
        Internal: "INTERNAL",
        Labels: "LABELS",
        CreatedAt: "CREATED",
      });
      return r.ok ? out(world, r.text) : out(world, "", r.error + "\n", r.parse ? 64 : 1);
    }
    case "create": {
      const p = parseFlags(rest, flagsOf(NETWORK_CREATE));
      if (!p.ok) return flagError(world, "network create", p.error);
      if (p.parsed.args.length !== 1) return argsError(world, "network create", { kind: "exact", n: 1 });
      const labels = Object.fromEntries(
        values(p.parsed, "--label").map((l) => [l.split("=")[0]!, l.split("=").slice(1).join("=")]),
      );
      const options = Object.fromEntries(
        values(p.parsed, "--opt").map((l) => [l.split("=")[0]!, l.split("=").slice(1).join("=")]),
      );
      const driver = value(p.parsed, "--driver");
      // --subnet and --gateway repeat, an IPv4 and an IPv6 one (the v6 one only with --ipv6).
      const subnet = values(p.parsed, "--subnet").find((x) => !x.includes(":"));
      const gateway = values(p.parsed, "--gateway").find((x) => !x.includes(":"));
      const subnet6 = values(p.parsed, "--subnet").find((x) => x.includes(":"));
      const gateway6 = values(p.parsed, "--gateway").find((x) => x.includes(":"));
      const r = createNetwork(world, p.parsed.args[0]!, {
        internal: flag(p.parsed, "--internal"),
        ...(driver !== undefined ? { driver } : {}),
        ...(subnet !== undefined ? { subnet } : {}),
        ...(gateway !== undefined ? { gateway } : {}),
        ...(flag(p.parsed, "--ipv6") ? { ipv6: true } : {}),
        ...(subnet6 !== undefined ? { subnet6 } : {}),
        ...(gateway6 !== undefined ? { gateway6 } : {}),
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
      let stdout = "";
      let stderr = "";
      for (const ref of rest) {
        const n = findNetwork(w.docker, ref);
        if (!n) {
          stderr += `Error response from daemon: network ${ref} not found\n`;
          continue;
        }
        const r = removeNetwork(w, n);
        if (!r.ok) {
          stderr += `Error response from daemon: ${r.error}\n`;
          continue;
        }
        w = r.world;
        stdout += ref + "\n";
      }
      if (stderr) stderr += profileOf(w.docker).cli.networkRmTrailer;
      return out(w, stdout, stderr, stderr ? 1 : 0);
    }
    case "inspect":
      return dockerNetworkInspect(rest, world);
    case "connect":
    case "disconnect": {
      const p = parseFlags(rest, flagsOf(NETWORK_CONNECT));
      if (!p.ok) return flagError(world, `network ${sub}`, p.error);
      const [netRef, ctRef] = p.parsed.args;
      if (netRef === undefined || ctRef === undefined || p.parsed.args.length !== 2) {
        return argsError(world, `network ${sub}`, { kind: "exact", n: 2 });
      }
      const net = findNetwork(world.docker, netRef);
      if (!net) return daemonErr(world, `network ${netRef} not found`);
      const c = findContainer(world, ctRef);
      if (!c) return daemonErr(world, `No such container: ${ctRef}`);
      if (sub === "connect") {
        if (c.networks.includes(net.id))
          return daemonErr(world, `endpoint with name ${c.name} already exists in network ${net.name}`);
        const ip = value(p.parsed, "--ip");
        const config = {
          ...(ip !== undefined ? { ipv4: ip } : {}),
          aliases: values(p.parsed, "--alias"),
          connected: true,
        };
        // The endpoint's settings are checked before the container's network mode.
        const invalid = endpointSettingsError(net, config);
        if (invalid) return daemonErr(world, invalid);
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
        if (c.networkMode === "host" || c.networkMode === "none") {
          return daemonErr(world, `container cannot be disconnected from host network or connected to host network`);
        }
        const r = connectNetwork(world, c, net.id, config);
        return r.ok ? out(r.world, "") : daemonErr(world, r.error);
      }
      if (!c.networks.includes(net.id))
        return daemonErr(world, `container ${c.id} is not connected to network ${net.name}`);
      return out(disconnectNetwork(world, c, net.id), "");
    }
    case "prune": {
      let w = world;
      const gone = unusedNetworks(w.docker);
      let stdout = "";
      for (const n of gone) {
        const r = removeNetwork(w, n);
        if (r.ok) w = r.world;
      }
      if (gone.length > 0) stdout = "Deleted Networks:\n" + gone.map((n) => n.name + "\n").join("") + "\n";
      return out(w, stdout);
    }
    default:
      return out(
        world,
        "",
        profileOf(world.docker).cli.unknownCommand(sub, { cmd: cliCommand("network"), usage: NETWORK_USAGE }),
        1,
      );
  }
}
