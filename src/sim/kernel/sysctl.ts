/**
 * The sysctl table as /proc/sys shows it: the stored values plus the per-interface
 * `conf.<if>.*` entries every link has. Writing `ip_forward` (or `conf.all.forwarding`)
 * sets forwarding on every interface, as the kernel's devinet code does; a single
 * interface's key overrides only that interface.
 */
import { expire } from "../netfilter/conntrack.ts";
import type { Netns } from "./types.ts";

import { SYSCTL_GLOBAL, SYSCTL_PER_INTERFACE } from "./sysctl-table.ts";

/** A file of /proc/sys: its mode (`644`) and value, or why it cannot be read. */
export interface SysctlFile {
  readonly mode: string;
  /** The text, or `!EIO` / `!EACCES` for a file that cannot be read. */
  readonly value: string;
}

interface Tables {
  /** Dotted key → file, for every key outside the per-interface directories. */
  readonly global: ReadonlyMap<string, SysctlFile>;
  /** `net.ipv4.conf` → its per-interface names → file. */
  readonly perInterface: ReadonlyMap<string, ReadonlyMap<string, SysctlFile>>;
  /**
   * Dotted directory → the names directly inside it that global keys make: every path
   * looked up under /proc/sys asks at each step, and scanning the thousand keys each
   * time was most of a `cat /proc/sys/...`.
   */
  readonly globalChildren: ReadonlyMap<string, ReadonlySet<string>>;
}

let tables: Tables | undefined;

function parseLines(text: string): [string, SysctlFile][] {
  return text.split("\n").map((l) => {
    const a = l.indexOf(" ");
    const b = l.indexOf(" ", a + 1);
    const name = l.slice(a + 1, b < 0 ? undefined : b);
    return [name, { mode: l.slice(0, a), value: b < 0 ? "" : l.slice(b + 1) }];
  });
}

/** The kernel's tables, parsed once (they are constant data). */
function kernelTables(): Tables {
  if (tables) return tables;
  const global = new Map<string, SysctlFile>();
  for (const [path, f] of parseLines(SYSCTL_GLOBAL)) global.set(path.split("/").join("."), f);
  // Kept from before the full table: what `sysctl kernel.hostname` reads.
  global.set("kernel.ostype", { mode: "444", value: "Linux" });
  const perInterface = new Map<string, ReadonlyMap<string, SysctlFile>>();
  for (const [dir, text] of Object.entries(SYSCTL_PER_INTERFACE))
    perInterface.set(dir.split("/").join("."), new Map(parseLines(text)));
  const globalChildren = new Map<string, Set<string>>();
  for (const k of global.keys()) {
    const parts = k.split(".");
    for (let i = 0; i < parts.length; i++) {
      const dir = parts.slice(0, i).join(".");
      let names = globalChildren.get(dir);
      if (!names) globalChildren.set(dir, (names = new Set()));
      names.add(parts[i]!);
    }
  }
  tables = { global, perInterface, globalChildren };
  return tables;
}

/** What differs on the loopback device and with a link's MTU. */
function perInterfaceValue(ns: Netns, dir: string, ifname: string, name: string, f: SysctlFile): SysctlFile {
  if (ifname === "lo") {
    if (dir === "net.ipv4.conf" && (name === "disable_policy" || name === "disable_xfrm")) return { ...f, value: "1" };
    if (dir === "net.ipv6.conf" && (name === "accept_dad" || name === "use_tempaddr")) return { ...f, value: "-1" };
  }
  if (dir === "net.ipv6.conf" && name === "mtu") {
    const link = ns.links.find((l) => l.name === ifname);
    if (link) return { ...f, value: String(link.mtu) };
  }
  return f;
}

/**
 * The file behind a dotted key, with the namespace's own values; undefined when there is
 * none. `now` (the world's clock) counts the connections still alive in
 * nf_conntrack_count; entries leave the table lazily, so without it expired ones count.
 */
export function sysctlFile(ns: Netns, key: string, now?: number): SysctlFile | undefined {
  const t = kernelTables();
  let f: SysctlFile | undefined;
  if (key === "kernel.hostname") f = { mode: "644", value: ns.hostname };
  else if (key === "net.netfilter.nf_conntrack_count") {
    const live = now === undefined ? ns.conntrack : expire(ns.conntrack, now);
    f = { mode: "444", value: String(live.length) };
  } else f = t.global.get(key);
  if (!f) {
    const m = /^(net\.ipv[46]\.(?:conf|neigh))\.(.+)\.([^.]+)$/.exec(key);
    const template = m ? t.perInterface.get(m[1]!)?.get(m[3]!) : undefined;
    if (!m || !template || !ns.links.some((l) => l.name === m[2])) return undefined;
    f = perInterfaceValue(ns, m[1]!, m[2]!, m[3]!, template);
  }
  const own = ns.sysctl[key];
  if (own !== undefined) return { ...f, value: own };
  if (/^net\.ipv4\.conf\.[^.]+\.forwarding$/.test(key)) return { ...f, value: ns.sysctl["net.ipv4.ip_forward"] ?? "0" };
  return f;
}

/** Every key and value the namespace shows, sorted as `sysctl -a` prints them (unreadable ones left out). */
export function sysctlEntries(ns: Netns, now?: number): [string, string][] {
  const t = kernelTables();
  const keys = [...t.global.keys(), "kernel.hostname"];
  const names = ns.links.map((l) => l.name);
  for (const [dir, files] of t.perInterface)
    for (const n of names) for (const k of files.keys()) keys.push(`${dir}.${n}.${k}`);
  const out: [string, string][] = [];
  for (const k of keys) {
    const f = sysctlFile(ns, k, now);
    if (f && !f.value.startsWith("!")) out.push([k, f.value]);
  }
  return out.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

export function readSysctl(ns: Netns, key: string, now?: number): string | undefined {
  const f = sysctlFile(ns, key, now);
  return f === undefined || f.value.startsWith("!") ? undefined : f.value;
}

/** The names directly inside a /proc/sys directory (dotted key; `""` for /proc/sys itself), sorted; undefined when it is none. */
export function sysctlChildren(ns: Netns, key: string): string[] | undefined {
  const t = kernelTables();
  const prefix = key === "" ? "" : key + ".";
  const out = new Set<string>(t.globalChildren.get(key));
  const take = (k: string) => {
    if (!k.startsWith(prefix)) return;
    const rest = k.slice(prefix.length);
    // Interface names may hold dots; the per-interface part is matched below.
    out.add(rest.split(".")[0]!);
  };
  take("kernel.hostname");
  for (const [dir, files] of t.perInterface) {
    if (key === dir) for (const l of ns.links) out.add(l.name);
    else if (dir.startsWith(prefix) || prefix.startsWith(dir + ".")) {
      for (const l of ns.links) {
        const ifdir = `${dir}.${l.name}`;
        if (key === ifdir) for (const n of files.keys()) out.add(n);
        else if (ifdir.startsWith(prefix)) take(ifdir);
      }
    }
  }
  if (out.size === 0) return undefined;
  return [...out].sort();
}

/** Whether the key names a directory of /proc/sys (`net.ipv4`, `net.ipv4.conf.eth0`). */
export function isSysctlDirectory(ns: Netns, key: string): boolean {
  return sysctlFile(ns, key) === undefined && sysctlChildren(ns, key) !== undefined;
}

const INTEGER = /^\s*[+-]?\d+\s*$/;
const PAIR = /^\s*\d+\s+\d+\s*$/;

/**
 * Writes a value as the kernel would parse it from /proc/sys. Returns the new
 * namespace, or `EINVAL` (what `echo abc > ...` and `sysctl -w` report as
 * "Invalid argument"), `ENOENT` for an unknown key, `EACCES` for a read-only one.
 */
export function writeSysctl(ns: Netns, key: string, raw: string): Netns | "EINVAL" | "ENOENT" | "EACCES" {
  const file = sysctlFile(ns, key);
  if (file === undefined) return "ENOENT";
  if (!/^[67]/.test(file.mode)) return "EACCES";
  const current = file.value.startsWith("!") ? "" : file.value;
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

/**
 * Answers per sysctl table (a write always makes a new one), so a packet that crosses a
 * router does not build the key's text and look it up again at every hop.
 */
const forwarding = new WeakMap<Readonly<Record<string, string>>, Map<string, boolean>>();

/** Whether packets arriving on `ifname` may be forwarded (IN_DEV_FORWARD). */
export function forwardingEnabled(ns: Netns, ifname: string): boolean {
  let byIface = forwarding.get(ns.sysctl);
  if (byIface === undefined) forwarding.set(ns.sysctl, (byIface = new Map<string, boolean>()));
  let on = byIface.get(ifname);
  if (on === undefined) {
    const v = ns.sysctl[`net.ipv4.conf.${ifname}.forwarding`] ?? ns.sysctl["net.ipv4.ip_forward"] ?? "0";
    byIface.set(ifname, (on = v !== "0"));
  }
  return on;
}

/**
 * A 127.0.0.0/8 source may leave only by `lo`, unless route_localnet is on for the device
 * (or for all): an OUTPUT DNAT of 127.0.0.1 to a container needs it, as dockerd sets it on
 * the bridge when the userland proxy is off.
 */
export function loopbackSourceRefused(ns: Netns, src: string, dev: string): boolean {
  if (!src.startsWith("127.")) return false;
  const on = (k: string) => ns.sysctl[`net.ipv4.conf.${k}.route_localnet`] === "1";
  return !on("all") && !on(dev);
}
