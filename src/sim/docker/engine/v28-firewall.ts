/**
 * Docker 28.5.2's firewall (the oracle's ORACLE_ENGINE=28): the rules dockerd 28.2-28.5 writes
 * (libnetwork/drivers/bridge/internal/iptabler/), as argv in the order it passes
 * them, held against the oracle's recordings (tests/fixtures/oracle/golden-28/).
 * What changed from 26, in the rules:
 * - FORWARD holds two jumps only, DOCKER-USER then DOCKER-FORWARD; DOCKER-FORWARD
 *   jumps to DOCKER-CT (the conntrack ACCEPT), DOCKER-ISOLATION-STAGE-1 and
 *   DOCKER-BRIDGE (the jump to DOCKER), then each network's `-i BR -j ACCEPT`.
 * - Each network appends `! -i BR -o BR -j DROP` to the filter DOCKER chain, and
 *   each published port's ACCEPT is inserted above it.
 * - No RETURN rules at the end of DOCKER-USER and the isolation chains.
 * - The raw table drops packets for a container's address that arrive on any
 *   other interface than its bridge (direct routing), and packets for a port
 *   published on 127.0.0.1 that arrive on any interface but lo.
 * - The per-port MASQUERADE (hairpin) only without the userland proxy.
 * - At start dockerd removes its chains and makes them again.
 * - A network's gateway mode (27+) changes its rules: routed has no NAT and no raw
 *   guard, nat-unprotected no filter on what reaches its bridge; trusted host
 *   interfaces pass the raw guard first; allow-direct-routing drops the guard.
 */
import type { GatewayMode } from "../bridge-options.ts";
import type { PortBinding } from "../types.ts";
import { IP6_LOOPBACK_MARK, type BridgeRules, type FirewallProfile, type IptablesCall } from "./profile-firewall.ts";
import { acceptCall, dnatCall, hairpinMasqueradeCall } from "./port-calls.ts";

function natOutputJump(hairpin: boolean): IptablesCall {
  return hairpin
    ? ["-t", "nat", "-A", "OUTPUT", "-m", "addrtype", "--dst-type", "LOCAL", "-j", "DOCKER"]
    : ["-t", "nat", "-A", "OUTPUT", "!", "-d", "127.0.0.0/8", "-m", "addrtype", "--dst-type", "LOCAL", "-j", "DOCKER"];
}

const PREROUTING_JUMP: IptablesCall = [
  "-t",
  "nat",
  "-A",
  "PREROUTING",
  "-m",
  "addrtype",
  "--dst-type",
  "LOCAL",
  "-j",
  "DOCKER",
];

/**
 * removeIPChains: the jumps into nat DOCKER go, then each chain is flushed and
 * deleted (DOCKER-FORWARD stays, FORWARD still jumps to it; DOCKER-USER is kept).
 */
const REMOVE_CHAINS: IptablesCall[] = [PREROUTING_JUMP, natOutputJump(false), natOutputJump(true)];
const FLUSH_AND_DELETE: IptablesCall[] = [
  ["-t", "nat", "-F", "DOCKER"],
  ["-t", "nat", "-X", "DOCKER"],
  ["-t", "filter", "-F", "DOCKER-FORWARD"],
  ["-t", "filter", "-X", "DOCKER-FORWARD"],
  ["-t", "filter", "-F", "DOCKER-BRIDGE"],
  ["-t", "filter", "-X", "DOCKER-BRIDGE"],
  ["-t", "filter", "-F", "DOCKER"],
  ["-t", "filter", "-X", "DOCKER"],
  ["-t", "filter", "-F", "DOCKER-CT"],
  ["-t", "filter", "-X", "DOCKER-CT"],
  ["-t", "filter", "-F", "DOCKER-ISOLATION-STAGE-1"],
  ["-t", "filter", "-X", "DOCKER-ISOLATION-STAGE-1"],
  ["-t", "filter", "-F", "DOCKER-ISOLATION-STAGE-2"],
  ["-t", "filter", "-X", "DOCKER-ISOLATION-STAGE-2"],
];

/** setupIPChains: the chains, then the NAT jumps. */
function chains(hairpin: boolean): IptablesCall[] {
  return [
    ["-t", "nat", "-N", "DOCKER"],
    ["-t", "filter", "-N", "DOCKER"],
    ["-t", "filter", "-N", "DOCKER-FORWARD"],
    ["-t", "filter", "-N", "DOCKER-BRIDGE"],
    ["-t", "filter", "-N", "DOCKER-CT"],
    ["-t", "filter", "-N", "DOCKER-ISOLATION-STAGE-1"],
    ["-t", "filter", "-N", "DOCKER-ISOLATION-STAGE-2"],
    PREROUTING_JUMP,
    natOutputJump(hairpin),
  ];
}

const MASQ_LOCAL = (bridge: string): IptablesCall => [
  "-t",
  "nat",
  "-I",
  "POSTROUTING",
  "-o",
  bridge,
  "-m",
  "addrtype",
  "--src-type",
  "LOCAL",
  "-j",
  "MASQUERADE",
];

/**
 * Inter-container communication and the way out, in DOCKER-FORWARD: with icc one
 * ACCEPT for everything the bridge sends; without it a DROP between the bridge's own
 * ports above the ACCEPT of what leaves it (oracle: d-bridge-options on 28).
 */
function forwardRules(bridge: string, icc: boolean): IptablesCall[] {
  return icc
    ? [["-t", "filter", "-A", "DOCKER-FORWARD", "-i", bridge, "-j", "ACCEPT"]]
    : [
        ["-t", "filter", "-A", "DOCKER-FORWARD", "-i", bridge, "-o", bridge, "-j", "DROP"],
        ["-t", "filter", "-A", "DOCKER-FORWARD", "-i", bridge, "!", "-o", bridge, "-j", "ACCEPT"],
      ];
}

/**
 * A network with external connectivity (setupNonInternalNetworkRules and what follows
 * it). Without masquerading (enable_ip_masquerade=false) there is neither the
 * MASQUERADE nor the nat DOCKER RETURN for the bridge's own traffic; a routed network
 * keeps the RETURN without the MASQUERADE, lets ICMP in and its replies out past the
 * isolation chain; a nat-unprotected one accepts whatever reaches the bridge from outside
 * where the others drop it (oracle: am01, am02 on 28).
 */
function networkRules(net: BridgeRules, hairpin: boolean): IptablesCall[] {
  const { bridge, subnet } = net;
  const mode = net.gatewayMode ?? "nat";
  const masq = (net.masquerade ?? true) && mode !== "routed";
  const nat: IptablesCall[] = [];
  if (masq) nat.push(["-t", "nat", "-I", "POSTROUTING", "-s", subnet, "!", "-o", bridge, "-j", "MASQUERADE"]);
  if (hairpin) nat.push(MASQ_LOCAL(bridge));
  else if (masq || mode === "routed") nat.push(["-t", "nat", "-I", "DOCKER", "-i", bridge, "-j", "RETURN"]);
  const fromOutside: IptablesCall[] =
    mode === "nat-unprotected"
      ? [["-t", "filter", "-A", "DOCKER", "!", "-i", bridge, "-o", bridge, "-j", "ACCEPT"]]
      : [
          ...(mode === "routed"
            ? [["-t", "filter", "-A", "DOCKER", "-o", bridge, "-p", "icmp", "-j", "ACCEPT"] as IptablesCall]
            : []),
          ["-t", "filter", "-A", "DOCKER", "!", "-i", bridge, "-o", bridge, "-j", "DROP"],
        ];
  return [
    ...nat,
    ...forwardRules(bridge, net.icc ?? true),
    ...fromOutside,
    [
      "-t",
      "filter",
      "-A",
      "DOCKER-CT",
      "-o",
      bridge,
      "-m",
      "conntrack",
      "--ctstate",
      "RELATED,ESTABLISHED",
      "-j",
      "ACCEPT",
    ],
    ["-t", "filter", "-A", "DOCKER-BRIDGE", "-o", bridge, "-j", "DOCKER"],
    [
      "-t",
      "filter",
      "-A",
      "DOCKER-ISOLATION-STAGE-1",
      "-i",
      bridge,
      "!",
      "-o",
      bridge,
      "-j",
      "DOCKER-ISOLATION-STAGE-2",
    ],
    ["-t", "filter", "-I", "DOCKER-ISOLATION-STAGE-2", "-o", bridge, "-j", "DROP"],
    ...(mode === "routed" ? routedIsolation(bridge) : []),
  ];
}

/** A routed network's exemptions at the top of DOCKER-ISOLATION-STAGE-1 (the ACCEPT above the RETURN). */
function routedIsolation(bridge: string): IptablesCall[] {
  return [
    ["-t", "filter", "-I", "DOCKER-ISOLATION-STAGE-1", "-o", bridge, "-j", "RETURN"],
    [
      "-t",
      "filter",
      "-I",
      "DOCKER-ISOLATION-STAGE-1",
      "-i",
      bridge,
      "-m",
      "conntrack",
      "--ctstate",
      "RELATED,ESTABLISHED",
      "-j",
      "ACCEPT",
    ],
  ];
}

/** An internal network: no way out of its subnet, icc (or its DROP) through DOCKER-FORWARD. */
function internalRules(bridge: string, subnet: string, icc: boolean): IptablesCall[] {
  return [
    ["-t", "filter", "-I", "DOCKER-ISOLATION-STAGE-1", "-i", bridge, "!", "-d", subnet, "-j", "DROP"],
    ["-t", "filter", "-I", "DOCKER-ISOLATION-STAGE-1", "-o", bridge, "!", "-s", subnet, "-j", "DROP"],
    ["-t", "filter", "-A", "DOCKER-FORWARD", "-i", bridge, "-o", bridge, "-j", icc ? "ACCEPT" : "DROP"],
  ];
}

function rulesOf(net: BridgeRules, hairpin: boolean): IptablesCall[] {
  const icc = net.icc ?? true;
  return net.internal ? internalRules(net.bridge, net.subnet, icc) : networkRules(net, hairpin);
}

/**
 * setPerPortIptables: the loopback guard, DNAT, the hairpin MASQUERADE, and the ACCEPT on
 * top of DOCKER. A routed network maps no host port (the ACCEPT alone opens the container's);
 * a nat-unprotected one needs no ACCEPT.
 */
function portRules(
  bridge: string,
  containerIp: string,
  b: PortBinding,
  hairpin: boolean,
  mode: GatewayMode = "nat",
): IptablesCall[] {
  const p = b.proto;
  const calls: IptablesCall[] = [];
  if (mode === "routed") return [acceptCall(bridge, containerIp, b, "-I")];
  if (/^127\./.test(b.hostIp)) {
    calls.push([
      "-t",
      "raw",
      "-A",
      "PREROUTING",
      "-d",
      `${b.hostIp}/32`,
      "!",
      "-i",
      "lo",
      "-p",
      p,
      "-m",
      p,
      "--dport",
      String(b.hostPort),
      "-j",
      "DROP",
    ]);
  }
  calls.push(dnatCall(bridge, containerIp, b, hairpin));
  if (hairpin) calls.push(hairpinMasqueradeCall(containerIp, b));
  if (mode !== "nat-unprotected") calls.push(acceptCall(bridge, containerIp, b, "-I"));
  return calls;
}

/**
 * filterDirectAccess: only the container's own bridge (and the trusted host interfaces,
 * each let through first) may reach its address; not in the modes without that guard, nor
 * when the daemon allows direct routing.
 */
function directAccessRule(net: BridgeRules, containerIp: string): IptablesCall[] {
  const mode = net.gatewayMode ?? "nat";
  if (net.internal || net.directRouting || mode === "routed" || mode === "nat-unprotected") return [];
  const d = `${containerIp}/32`;
  return [
    ...(net.trusted ?? []).map((i): IptablesCall => [
      "-t",
      "raw",
      "-A",
      "PREROUTING",
      "-d",
      d,
      "-i",
      i,
      "-j",
      "ACCEPT",
    ]),
    ["-t", "raw", "-A", "PREROUTING", "-d", d, "!", "-i", net.bridge, "-j", "DROP"],
  ];
}

export const FIREWALL_28: FirewallProfile = {
  daemonStart: ({ hairpin }) => [
    { op: "delete", calls: REMOVE_CHAINS },
    { op: "ensure", calls: FLUSH_AND_DELETE },
    { op: "ensure", calls: chains(hairpin) },
    // EnsureJumpRule inserts at the top, so the last one called comes first.
    { op: "jumpFirst", chain: "DOCKER-FORWARD" },
    { op: "jumpFirst", chain: "DOCKER-BRIDGE", from: "DOCKER-FORWARD" },
    { op: "jumpFirst", chain: "DOCKER-ISOLATION-STAGE-1", from: "DOCKER-FORWARD" },
    { op: "jumpFirst", chain: "DOCKER-CT", from: "DOCKER-FORWARD" },
  ],
  daemonReady: ({ dropForward }) => [
    ...(dropForward ? [{ op: "ensure" as const, calls: [["-t", "filter", "-P", "FORWARD", "DROP"]] }] : []),
    // 28.3 dropped the RETURN rule from DOCKER-USER: the chain is made and left empty.
    { op: "ensure", calls: [["-t", "filter", "-N", "DOCKER-USER"]] },
    { op: "jumpFirst", chain: "DOCKER-USER" },
  ],
  networkAdded: (net, hairpin) => [
    // Whichever hairpin rule the other proxy mode left goes first.
    ...(net.internal || hairpin ? [] : [{ op: "delete" as const, calls: [MASQ_LOCAL(net.bridge)] }]),
    { op: "ensure", calls: rulesOf(net, hairpin) },
  ],
  networkRemoved: (net, hairpin) => [{ op: "delete", calls: rulesOf(net, hairpin) }],
  hasRules: (b) => !b.hostIp.includes(":"),
  portPublished: (bridge, ip, b, hairpin, mode) => [{ op: "ensure", calls: portRules(bridge, ip, b, hairpin, mode) }],
  portUnpublished: (bridge, ip, b, hairpin, mode) => [{ op: "delete", calls: portRules(bridge, ip, b, hairpin, mode) }],
  endpointAdded: (net, ip) => [{ op: "ensure", calls: directAccessRule(net, ip) }],
  endpointRemoved: (net, ip) => [{ op: "delete", calls: directAccessRule(net, ip) }],
  // ip6tables is on by default since 27: the same chains and jumps, with no network's rules
  // (the lab's networks have no IPv6). `::1` is written as a placeholder the caller swaps in.
  ip6Start: (hairpin) => [
    { op: "ensure", calls: chains(hairpin).map((c) => c.map((a) => (a === "127.0.0.0/8" ? IP6_LOOPBACK_MARK : a))) },
    { op: "jumpFirst", chain: "DOCKER-FORWARD" },
    { op: "jumpFirst", chain: "DOCKER-BRIDGE", from: "DOCKER-FORWARD" },
    { op: "jumpFirst", chain: "DOCKER-ISOLATION-STAGE-1", from: "DOCKER-FORWARD" },
    { op: "jumpFirst", chain: "DOCKER-CT", from: "DOCKER-FORWARD" },
    { op: "ensure", calls: [["-t", "filter", "-N", "DOCKER-USER"]] },
    { op: "jumpFirst", chain: "DOCKER-USER" },
  ],
  ip6Rules: true,
};
