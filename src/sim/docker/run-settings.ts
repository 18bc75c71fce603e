/**
 * What `docker run`'s less common flags change once the daemon has the container:
 * --link's /etc/hosts line and environment, `host-gateway` in --add-host, the FQDN
 * --domainname makes, --sysctl in the container's namespace, the capabilities
 * --cap-add, --cap-drop and --privileged leave its processes, and the start a link or
 * a sysctl refuses.
 */
import { profileOf } from "./engine/index.ts";
import { findContainer } from "./lookup.ts";
import type { Container, DockerWorld } from "./types.ts";

/** The links whose container is not running refuse the start, as the daemon words it. */
export function startRefusal(world: DockerWorld, c: Container): string | undefined {
  const s = c.settings;
  if (!s) return undefined;
  for (const l of s.links ?? []) {
    const target = findContainer(world, l.name);
    if (!target || target.status !== "running")
      return `Cannot link to a non running container: /${l.name} AS /${c.name}/${l.alias}`;
  }
  // runc refuses what would change the host's own namespace.
  if (c.networkMode === "host") {
    const net = Object.keys(s.sysctls ?? {}).find((k) => k.startsWith("net."));
    if (net)
      return profileOf(world.docker).errors.runtimeRefused(`sysctl "${net}" not allowed in host network namespace`);
  }
  return undefined;
}

/**
 * What moby's OCI defaults set in a container's own network namespace (since 20.10): any
 * user may bind low ports and send ICMP echo, as the oracle's containers show on 26 and 28.
 */
const CONTAINER_SYSCTL: Readonly<Record<string, string>> = {
  "net.ipv4.ip_unprivileged_port_start": "0",
  "net.ipv4.ping_group_range": "0\t2147483647",
};

/** The sysctls a container's own namespace starts with: the defaults, then --sysctl's. */
export function sandboxSysctl(c: Container): Readonly<Record<string, string>> {
  const asked = c.settings?.sysctls;
  return asked ? { ...CONTAINER_SYSCTL, ...asked } : CONTAINER_SYSCTL;
}

/** `--add-host NAME:host-gateway` names the default bridge's gateway (the daemon's host-gateway-ip). */
export function extraHostAddress(world: DockerWorld, addr: string): string {
  if (addr !== "host-gateway") return addr;
  return world.docker.networks.find((n) => n.isDefault)?.gateway ?? addr;
}

/** The name /etc/hosts gives the container's own address: `FQDN SHORT` when the name has a domain. */
export function hostsName(c: Container): string {
  const domain = c.settings?.domainname;
  const fqdn = domain ? `${c.hostname}.${domain}` : c.hostname;
  const dot = fqdn.indexOf(".");
  return dot > 0 ? `${fqdn} ${fqdn.slice(0, dot)}` : fqdn;
}

/** A linked container and its address on the default bridge (links live there alone), when it has one. */
function linked(world: DockerWorld, name: string): { readonly target: Container; readonly ip: string } | undefined {
  const target = findContainer(world, name);
  const ep = target?.endpoints.find((e) => world.docker.networks.some((n) => n.id === e.networkId && n.isDefault));
  return target && ep?.ipAddress ? { target, ip: ep.ipAddress } : undefined;
}

/** The linked containers on the default bridge: address, then `ALIAS HOSTNAME NAME` without repeats. */
export function linkHosts(world: DockerWorld, c: Container): string {
  let s = "";
  for (const l of c.settings?.links ?? []) {
    const to = linked(world, l.name);
    if (!to) continue;
    const names = [l.alias, to.target.hostname, to.target.name].filter((n, i, a) => a.indexOf(n) === i);
    s += `${to.ip}\t${names.join(" ")}\n`;
  }
  return s;
}

/** The environment --link gives the container (daemon/links.go): the lowest port first, then each, then the name. */
export function linkEnv(world: DockerWorld, c: Container): Record<string, string> {
  const env: Record<string, string> = {};
  for (const l of c.settings?.links ?? []) {
    const to = linked(world, l.name);
    if (!to) continue;
    const { target: t, ip } = to;
    const alias = l.alias.toUpperCase().replace(/-/g, "_");
    const ports = t.exposed
      .map((k) => k.split("/") as [string, string])
      .sort((a, b) => Number(a[0]) - Number(b[0]) || a[1].localeCompare(b[1]));
    const first = ports[0];
    if (first) env[`${alias}_PORT`] = `${first[1]}://${ip}:${first[0]}`;
    for (const [port, proto] of ports) {
      const key = `${alias}_PORT_${port}_${proto.toUpperCase()}`;
      env[key] = `${proto}://${ip}:${port}`;
      env[`${key}_ADDR`] = ip;
      env[`${key}_PORT`] = port;
      env[`${key}_PROTO`] = proto;
    }
    env[`${alias}_NAME`] = `/${c.name}/${l.alias}`;
  }
  return env;
}

/** Docker's default capability set (oci/caps/defaults.go), by bit. */
const DEFAULT_CAPS = [
  "CHOWN", "DAC_OVERRIDE", "FSETID", "FOWNER", "MKNOD", "NET_RAW", "SETGID", "SETUID",
  "SETFCAP", "SETPCAP", "NET_BIND_SERVICE", "SYS_CHROOT", "KILL", "AUDIT_WRITE",
]; // prettier-ignore

/** Linux's capabilities by bit number (capability.h), as far as the oracle's kernel knows them. */
const CAP_BITS = [
  "CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID", "KILL", "SETGID", "SETUID",
  "SETPCAP", "LINUX_IMMUTABLE", "NET_BIND_SERVICE", "NET_BROADCAST", "NET_ADMIN", "NET_RAW",
  "IPC_LOCK", "IPC_OWNER", "SYS_MODULE", "SYS_RAWIO", "SYS_CHROOT", "SYS_PTRACE", "SYS_PACCT",
  "SYS_ADMIN", "SYS_BOOT", "SYS_NICE", "SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG", "MKNOD",
  "LEASE", "AUDIT_WRITE", "AUDIT_CONTROL", "SETFCAP", "MAC_OVERRIDE", "MAC_ADMIN", "SYSLOG",
  "WAKE_ALARM", "BLOCK_SUSPEND", "AUDIT_READ", "PERFMON", "BPF", "CHECKPOINT_RESTORE",
]; // prettier-ignore

/** `net_admin`, `CAP_NET_ADMIN` and `NET_ADMIN` are one capability; the daemon's error when it is none. */
export function capError(list: readonly string[], which: "CapAdd" | "CapDrop"): string | undefined {
  for (const raw of list) {
    const name = capName(raw);
    if (name !== "ALL" && !CAP_BITS.includes(name)) return `invalid ${which}: unknown capability: "CAP_${name}"`;
  }
  return undefined;
}

function capName(raw: string): string {
  return raw.toUpperCase().replace(/^CAP_/, "");
}

/** The capabilities the container's processes hold. */
function capsOf(c: Container): Set<string> {
  const s = c.settings;
  if (s?.privileged) return new Set(CAP_BITS);
  const caps = new Set(DEFAULT_CAPS);
  for (const a of (s?.capAdd ?? []).map(capName)) for (const x of a === "ALL" ? CAP_BITS : [a]) caps.add(x);
  for (const d of (s?.capDrop ?? []).map(capName)) for (const x of d === "ALL" ? CAP_BITS : [d]) caps.delete(x);
  return caps;
}

export function hasCap(c: Container, cap: string): boolean {
  return capsOf(c).has(cap);
}

/**
 * /proc/PID/status's CapEff: the capability bits in hex. The oracle's kernel leaves a
 * privileged container without bit 24 (CAP_SYS_RESOURCE), as it printed.
 */
export const HOST_CAPS_HEX = "000001fffeffffff";

export function capEffHex(c: Container): string {
  let bits = 0n;
  for (const name of capsOf(c)) bits |= 1n << BigInt(CAP_BITS.indexOf(name));
  if (c.settings?.privileged) bits &= ~(1n << 24n);
  return bits.toString(16).padStart(16, "0");
}
