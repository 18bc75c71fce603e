/**
 * dockerd starting and stopping. Start reads /etc/docker/daemon.json
 * (`ip-forward`, `iptables`, `userland-proxy`, and the default bridge's `bip`,
 * `default-address-pools`, `icc`, `ip-masq`, `ip`, `mtu`), turns forwarding on (with FORWARD
 * policy DROP when it had to flip it, or on its first start), makes docker0, and
 * ensures its chains and every bridge network's rules. Stop stops every container,
 * as a real `systemctl restart docker` does, unless daemon.json's `live-restore` keeps them.
 */
import { readFile } from "../kernel/files.ts";
import { readDaemonJson } from "./daemon-json.ts";
import { getNetns, updateNetns } from "../kernel/netns.ts";
import { igmpReport } from "../kernel/stack/igmp.ts";
import { removeContainer, startContainer, stopContainer, termExitCode } from "./container.ts";
import { DRIVER_MTU, ENABLE_ICC, ENABLE_IP_MASQUERADE, HOST_BINDING_IPV4 } from "./bridge-options.ts";
import { profileOf } from "./engine/index.ts";
import { applyFirewall, applyIp6Firewall, writesIp6 } from "./firewall.ts";
import { predefinedNetworks, reshapeDefaultBridge } from "./default-bridge.ts";
import { ensureBridge, withDocker } from "./network.ts";
import { bridgeRulesOf, isolateNetwork6, programNetwork } from "./network-rules.ts";
import { keptRunning, reprogramKept } from "./live-restore.ts";
import { DEFAULT_DAEMON_CONFIG, type DaemonConfig, type DockerWorld } from "./types.ts";

export const DAEMON_JSON = "/etc/docker/daemon.json";

export type ConfigResult =
  { readonly ok: true; readonly config: DaemonConfig } | { readonly ok: false; readonly error: string };

/** The daemon's settings: defaults, overridden by daemon.json. */
export function readDaemonConfig(world: DockerWorld): ConfigResult {
  const text = readFile(world, "host", DAEMON_JSON);
  if (text === undefined || text.trim() === "") return { ok: true, config: DEFAULT_DAEMON_CONFIG };
  const json = readDaemonJson(text, profileOf(world.docker).driver);
  if (!json.ok)
    return { ok: false, error: `unable to configure the Docker daemon with file ${DAEMON_JSON}: ${json.error}` };
  const o = json.value;
  const bool = (k: string, d: boolean) => (typeof o[k] === "boolean" ? o[k] : d);
  const dns = Array.isArray(o["dns"]) ? (o["dns"] as unknown[]).map(String) : DEFAULT_DAEMON_CONFIG.dns;
  return {
    ok: true,
    config: {
      iptables: bool("iptables", true),
      ipForward: bool("ip-forward", true),
      userlandProxy: bool("userland-proxy", true),
      dns,
      ...(o["allow-direct-routing"] === true ? { allowDirectRouting: true } : {}),
      ...(o["ip-forward-no-drop"] === true ? { ipForwardNoDrop: true } : {}),
      ...(o["live-restore"] === true ? { liveRestore: true } : {}),
      ...(typeof o["ip6tables"] === "boolean" ? { ip6tables: o["ip6tables"] } : {}),
      ...(o["experimental"] === true ? { experimental: true } : {}),
      ...bridgeSettings(o),
    },
  };
}

/** The keys that shape the default bridge (default-bridge.ts); a value of the wrong type is left out. */
function bridgeSettings(o: Record<string, unknown>): Partial<DaemonConfig> {
  const out: { -readonly [K in keyof DaemonConfig]?: DaemonConfig[K] } = {};
  if (typeof o["bip"] === "string" && o["bip"] !== "") out.bip = o["bip"];
  const pools = o["default-address-pools"];
  if (Array.isArray(pools)) {
    out.addressPools = pools.flatMap((p: unknown) => {
      const e = p as Record<string, unknown> | null;
      return e && typeof e["base"] === "string" && typeof e["size"] === "number"
        ? [{ base: e["base"], size: e["size"] }]
        : [];
    });
  }
  const options: Record<string, string> = {};
  if (typeof o["icc"] === "boolean") options[ENABLE_ICC] = String(o["icc"]);
  if (typeof o["ip-masq"] === "boolean") options[ENABLE_IP_MASQUERADE] = String(o["ip-masq"]);
  if (typeof o["ip"] === "string") options[HOST_BINDING_IPV4] = o["ip"];
  if (typeof o["mtu"] === "number" && o["mtu"] > 0) options[DRIVER_MTU] = String(o["mtu"]);
  if (Object.keys(options).length > 0) out.bridgeOptions = options;
  return out;
}

/** Starts dockerd (idempotent): networks, docker0, forwarding, chains and rules. */
export function startDaemon<W extends DockerWorld>(world: W): W {
  const cfg = readDaemonConfig(world);
  const config = cfg.ok ? cfg.config : DEFAULT_DAEMON_CONFIG;
  const firstStart = !world.docker.chainsReady;
  const kept = config.liveRestore ? keptRunning(world) : [];
  let w = withDocker(world, (d) => ({ ...d, config }));
  // Without containers to take back, libnetwork deletes the default bridge and makes it anew:
  // its rules go and come back (their counters from zero) after any a learner appended.
  if (!firstStart && kept.length === 0 && config.iptables) w = dropDefaultBridgeRules(w, world.docker.config);
  w = predefinedNetworks(w);
  w = reshapeDefaultBridge(w, world.docker.config);
  for (const net of w.docker.networks) w = ensureBridge(w, net);
  const host = getNetns(w, "host");
  if (!host) return withDocker(w, (d) => ({ ...d, running: true }));
  const flipped = config.ipForward && host.sysctl["net.ipv4.ip_forward"] !== "1";
  if (config.ipForward) {
    w = updateNetns(w, "host", (ns) => ({
      ...ns,
      sysctl: {
        ...ns.sysctl,
        "net.ipv4.ip_forward": "1",
        "net.ipv4.conf.all.forwarding": "1",
        "net.ipv4.conf.default.forwarding": "1",
      },
    }));
  }
  if (config.iptables) {
    const firewall = profileOf(w.docker).firewall;
    const bridges = w.docker.networks.flatMap((n) => bridgeRulesOf(n, w.docker) ?? []);
    w = applyFirewall(w, firewall.daemonStart({ hairpin: !config.userlandProxy, firstStart, bridges }));
    // The controller sets FORWARD's policy and DOCKER-USER up before the networks come
    // back: nf_tables' handles (nft -a) show that order.
    w = applyFirewall(
      w,
      firewall.daemonReady({ dropForward: config.ipForward && !config.ipForwardNoDrop && (flipped || firstStart) }),
    );
    if (firewall.ip6Start && writesIp6(w.docker)) w = applyIp6Firewall(w, firewall.ip6Start(!config.userlandProxy));
    for (const net of w.docker.networks) w = programNetwork(w, net, false);
    // 26 isolates its IPv4-only bridges in the ip6 tables after the rest (oracle: bk04, docker0's rules on top).
    for (const net of w.docker.networks) w = isolateNetwork6(w, net);
    w = reprogramKept(w, kept);
    // The bridges' membership reports leave after their rules are loaded (they are sent
    // with a delay), so conntrack, running by then, keeps an entry for each.
    for (const net of w.docker.networks) if (net.bridge) w = igmpReport(w, "host", net.bridge);
  }
  const forwardingAtStart = getNetns(w, "host")?.sysctl["net.ipv4.ip_forward"] === "1";
  return withDocker(w, (d) => ({
    ...d,
    running: true,
    chainsReady: d.chainsReady || config.iptables,
    forwardingAtStart,
  }));
}

/**
 * Stops dockerd: containers stop (those run with --rm are removed) unless live-restore keeps
 * them running, and the daemon is down. Its event log was memory only.
 */
export function stopDaemon<W extends DockerWorld>(world: W): W {
  return withDocker(stopContainers(world, world.docker.config.liveRestore === true), (d) => {
    // The IPAM's memory goes with the process (its pool cursor; the networks come back from disk).
    const { poolCursor: _, events: _log, ...rest } = d;
    return { ...rest, running: false };
  });
}

function stopContainers<W extends DockerWorld>(world: W, keep: boolean): W {
  let w = world;
  for (const c of world.docker.containers) {
    if (c.status !== "running" || keep) continue;
    w = c.autoRemove ? removeContainer(w, c.id) : stopContainer(w, c.id, termExitCode(c));
  }
  return w;
}

/** The default bridge's rules, as the network's deletion takes them (the bridge itself stays up). */
function dropDefaultBridgeRules<W extends DockerWorld>(world: W, old: DaemonConfig): W {
  const net = world.docker.networks.find((n) => n.isDefault && n.bridge);
  const rules = net ? bridgeRulesOf(net, world.docker) : undefined;
  if (!rules || !old.iptables) return world;
  return applyFirewall(world, profileOf(world.docker).firewall.networkRemoved(rules, !old.userlandProxy));
}

/**
 * Stops dockerd and starts it again. As it restores its containers, it starts those whose
 * restart policy says so (restartmanager's ShouldRestart with a fresh manager): `always`
 * ones, `unless-stopped` ones the shutdown stopped; `on-failure` ones exited 0 on its TERM.
 */
export function restartDaemon<W extends DockerWorld>(world: W): W {
  const wasRunning = new Set(world.docker.containers.filter((c) => c.status === "running").map((c) => c.id));
  let w = startDaemon(stopDaemon(world));
  // A daemon without live-restore stops what the last one left running.
  if (!w.docker.config.liveRestore) w = stopContainers(w, false);
  for (const c of w.docker.containers) {
    if (c.status === "running") continue;
    const policy = c.restartPolicy?.name ?? "no";
    if (policy !== "always" && !(policy === "unless-stopped" && wasRunning.has(c.id))) continue;
    const r = startContainer(w, c.id);
    if (r.ok) w = r.world;
  }
  return w;
}

/** The world with dockerd running, starting it if this world has never had it. */
export function ensureDaemon<W extends DockerWorld>(world: W): W {
  return world.docker.running || world.docker.chainsReady ? world : startDaemon(world);
}
