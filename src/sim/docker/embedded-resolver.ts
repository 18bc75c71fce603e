/**
 * libnetwork's embedded DNS as it sets itself up in a container's namespace
 * (sandbox_dns_unix.go, resolver_unix.go): when the sandbox first joins a user-defined
 * network, dockerd opens a UDP and a TCP socket on 127.0.0.11 at ports the kernel
 * picks, and writes nat rules in the container's own tables that send 127.0.0.11:53
 * there (DOCKER_OUTPUT) and put :53 back on what comes from them (DOCKER_POSTROUTING).
 * The resolver lives as long as the sandbox: leaving the network keeps it and its rules.
 */
import type { Listener, Netns } from "../kernel/types.ts";
import type { IptablesCall } from "./engine/profile-firewall.ts";
import { applyFirewallTo } from "./firewall.ts";
import { DOCKERD_PID } from "./types.ts";

export const RESOLVER_ADDR = "127.0.0.11";

/** The kernel's ephemeral range (ip_local_port_range), where the resolver's ports land. */
const EPH_LOW = 32768;
const EPH_SPAN = 60999 - EPH_LOW + 1;

/**
 * The ports the kernel gave the resolver's sockets, drawn from the sandbox's own id (itself
 * from the world's seeded source) so that setting one up leaves the world's rng untouched.
 */
function resolverPorts(sandboxId: string): { tcp: number; udp: number } {
  const at = (i: number) => EPH_LOW + ((parseInt(sandboxId.slice(i, i + 6), 16) || 0) % EPH_SPAN);
  const tcp = at(20);
  const udp = at(30);
  return { tcp, udp: udp === tcp ? EPH_LOW + ((udp - EPH_LOW + 1) % EPH_SPAN) : udp };
}

function resolverRules(tcp: number, udp: number): IptablesCall[] {
  const dnat = (p: string, port: number) => [
    "-t",
    "nat",
    "-A",
    "DOCKER_OUTPUT",
    "-d",
    RESOLVER_ADDR,
    "-p",
    p,
    "--dport",
    "53",
    "-j",
    "DNAT",
    "--to-destination",
    `${RESOLVER_ADDR}:${port}`,
  ];
  const snat = (p: string, port: number) => [
    "-t",
    "nat",
    "-A",
    "DOCKER_POSTROUTING",
    "-s",
    RESOLVER_ADDR,
    "-p",
    p,
    "--sport",
    String(port),
    "-j",
    "SNAT",
    "--to-source",
    ":53",
  ];
  return [
    ["-t", "nat", "-N", "DOCKER_OUTPUT"],
    ["-t", "nat", "-N", "DOCKER_POSTROUTING"],
    ["-t", "nat", "-A", "OUTPUT", "-d", RESOLVER_ADDR, "-j", "DOCKER_OUTPUT"],
    ["-t", "nat", "-A", "POSTROUTING", "-d", RESOLVER_ADDR, "-j", "DOCKER_POSTROUTING"],
    dnat("tcp", tcp),
    dnat("udp", udp),
    snat("tcp", tcp),
    snat("udp", udp),
  ];
}

/** Whether the namespace already has dockerd's resolver listening in it. */
export function hasEmbeddedResolver(ns: Netns): boolean {
  return ns.listeners.some((l) => l.app.kind === "embedded-dns");
}

/** The sandbox's namespace with the embedded resolver started in it (once). */
export function startEmbeddedResolver(ctr: Netns): Netns {
  if (hasEmbeddedResolver(ctr)) return ctr;
  const { tcp, udp } = resolverPorts(ctr.id);
  const sock = (proto: "tcp" | "udp", port: number): Listener => ({
    proto,
    addr: RESOLVER_ADDR,
    port,
    pid: DOCKERD_PID,
    process: "dockerd",
    app: { kind: "embedded-dns" },
  });
  return {
    ...ctr,
    netfilter: applyFirewallTo(ctr.netfilter, [{ op: "ensure", calls: resolverRules(tcp, udp) }]),
    listeners: [...ctr.listeners, sock("udp", udp), sock("tcp", tcp)],
  };
}

/**
 * The names the resolver answers for a container on one network (the daemon's
 * buildEndpointDNSNames): its name, the endpoint's aliases, its short id and its hostname,
 * each once, in that order; inspect shows them as DNSNames.
 */
export function dnsNamesOf(
  c: { readonly name: string; readonly id: string; readonly hostname: string },
  aliases: readonly string[],
): string[] {
  return [...new Set([c.name, ...aliases, c.id.slice(0, 12), ...(c.hostname ? [c.hostname] : [])])];
}
