/**
 * The sysctl table as /proc/sys shows it: the stored values plus the per-interface
 * `conf.<if>.*` entries every link has. Writing `ip_forward` (or `conf.all.forwarding`)
 * sets forwarding on every interface, as the kernel's devinet code does; a single
 * interface's key overrides only that interface.
 */
import type { Netns } from "./types.ts";

const IPV4_CONF_DEFAULTS: Readonly<Record<string, string>> = {
  accept_local: "0",
  bc_forwarding: "0",
  mc_forwarding: "0",
  route_localnet: "0",
  rp_filter: "0",
  send_redirects: "1",
};

const IPV6_CONF_DEFAULTS: Readonly<Record<string, string>> = {
  disable_ipv6: "0",
  force_forwarding: "0",
  forwarding: "0",
  mc_forwarding: "0",
};

/** Extra read-only entries `sysctl -a` shows next to the ones the lab uses. */
const STATIC_EXTRAS: Readonly<Record<string, string>> = {
  "net.ipv4.ip_forward_update_priority": "1",
  "net.ipv4.ip_forward_use_pmtu": "0",
  "net.ipv4.ip_nonlocal_bind": "0",
  "net.ipv4.ip_default_ttl": "64",
  "net.ipv4.ip_no_pmtu_disc": "0",
  "net.ipv4.tcp_fin_timeout": "60",
  "net.ipv4.tcp_keepalive_time": "7200",
  "net.core.somaxconn": "4096",
  "kernel.hostname": "",
  "kernel.ostype": "Linux",
};

function confNames(ns: Netns): string[] {
  return [
    "all",
    "default",
    ...[...ns.links].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map((l) => l.name),
  ];
}

/** Every key and value the namespace shows, sorted as `sysctl -a` prints them. */
export function sysctlEntries(ns: Netns): [string, string][] {
  const all: Record<string, string> = { ...STATIC_EXTRAS, "kernel.hostname": ns.hostname };
  const fwd = ns.sysctl["net.ipv4.ip_forward"] ?? "0";
  for (const name of confNames(ns)) {
    for (const [k, v] of Object.entries(IPV4_CONF_DEFAULTS)) all[`net.ipv4.conf.${name}.${k}`] = v;
    all[`net.ipv4.conf.${name}.forwarding`] = fwd;
    for (const [k, v] of Object.entries(IPV6_CONF_DEFAULTS)) all[`net.ipv6.conf.${name}.${k}`] = v;
  }
  Object.assign(all, ns.sysctl);
  return Object.entries(all).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

export function readSysctl(ns: Netns, key: string): string | undefined {
  const hit = sysctlEntries(ns).find(([k]) => k === key);
  return hit?.[1];
}

/** Whether the key names a directory of /proc/sys (`net.ipv4`, `net.ipv4.conf.eth0`). */
export function isSysctlDirectory(ns: Netns, key: string): boolean {
  const prefix = key === "" ? "" : key + ".";
  return sysctlEntries(ns).some(([k]) => k.startsWith(prefix));
}

const INTEGER = /^\s*[+-]?\d+\s*$/;
const PAIR = /^\s*\d+\s+\d+\s*$/;

/**
 * Writes a value as the kernel would parse it from /proc/sys. Returns the new
 * namespace, or `EINVAL` (what `echo abc > ...` and `sysctl -w` report as
 * "Invalid argument"), or `ENOENT` for an unknown key.
 */
export function writeSysctl(ns: Netns, key: string, raw: string): Netns | "EINVAL" | "ENOENT" {
  const current = readSysctl(ns, key);
  if (current === undefined || isSysctlDirectory(ns, key)) return "ENOENT";
  const value = raw.replace(/\n$/, "");
  if (key === "kernel.hostname") return { ...ns, hostname: value };
  if (current.includes("\t")) {
    if (!PAIR.test(value)) return "EINVAL";
    return { ...ns, sysctl: { ...ns.sysctl, [key]: value.trim().split(/\s+/).join("\t") } };
  }
  if (/^\d+$/.test(current) && !INTEGER.test(value)) return "EINVAL";
  const v = value.trim().replace(/^\+/, "");
  const parsed = /^-?\d+$/.test(v) ? String(Number(v)) : v;
  if (key === "net.ipv4.ip_forward" || key === "net.ipv4.conf.all.forwarding") {
    // One knob: all interfaces, the default and ip_forward itself follow.
    const sysctl: Record<string, string> = {};
    for (const [k, val] of Object.entries(ns.sysctl)) {
      if (!/^net\.ipv4\.conf\.[^.]+\.forwarding$/.test(k)) sysctl[k] = val;
    }
    sysctl["net.ipv4.ip_forward"] = parsed;
    sysctl["net.ipv4.conf.all.forwarding"] = parsed;
    sysctl["net.ipv4.conf.default.forwarding"] = parsed;
    return { ...ns, sysctl };
  }
  return { ...ns, sysctl: { ...ns.sysctl, [key]: parsed } };
}

/** Whether packets arriving on `ifname` may be forwarded (IN_DEV_FORWARD). */
export function forwardingEnabled(ns: Netns, ifname: string): boolean {
  const own = ns.sysctl[`net.ipv4.conf.${ifname}.forwarding`];
  const v = own ?? ns.sysctl["net.ipv4.ip_forward"] ?? "0";
  return v !== "0";
}
