/**
 * /proc/net/ipt_hashlimit/NAME and /proc/net/xt_recent/NAME: one file per named table
 * a rule of the namespace uses (the kernel makes it with the first rule and removes it
 * with the last), in dl_seq_show's and recent_seq_show's formats; and what writing
 * `+ADDR`, `-ADDR` or `/` to a recent list does (recent_mt_proc_write).
 */
import { formatIpv4, parseIpv4 } from "../ipv4.ts";
import type { KernelWorld, Netns } from "./types.ts";
import { cloneXt, emptyXt, RECENT_STAMPS } from "./stack/xt-state.ts";

/** The table names the namespace's rules use, for `hashlimit` or `recent`, in rule order. */
export function xtTableNames(ns: Netns, module: "hashlimit" | "recent"): string[] {
  const names: string[] = [];
  for (const t of Object.values(ns.netfilter))
    for (const c of t.chains)
      for (const r of c.rules)
        for (const m of r.matches) if (m.module === module && !names.includes(m.name)) names.push(m.name);
  return names;
}

/** The kernel's jiffies at the lab's clock (HZ 250, counted from INITIAL_JIFFIES as Linux does). */
function jiffies(ms: number): number {
  return (4294892296 + Math.floor(ms / 4)) % 2 ** 32;
}

export function procHashlimit(world: KernelWorld, ns: Netns, name: string): string {
  const table = world.xt?.hashlimit[`${ns.id}/${name}`] ?? {};
  let out = "";
  for (const [key, b] of Object.entries(table)) {
    if (b.expires <= world.clock) continue;
    const left = Math.floor((b.expires - world.clock) / 1000);
    out += `${left} ${key} ${b.tokens * b.cost} ${b.cap} ${b.cost}\n`;
  }
  return out;
}

export function procRecent(world: KernelWorld, ns: Netns, name: string): string {
  let out = "";
  for (const e of world.xt?.recent[`${ns.id}/${name}`] ?? []) {
    const stamps = e.stamps.map(jiffies);
    out += `src=${e.addr} ttl: ${e.ttl} last_seen: ${stamps[stamps.length - 1] ?? 0} oldest_pkt: ${e.index % RECENT_STAMPS || (e.index ? RECENT_STAMPS : 0)}`;
    out += stamps.map((j, i) => `${i ? "," : ""} ${j}`).join("") + "\n";
  }
  return out;
}

/** A write to a recent list: the world with it applied, or the errno the kernel answers. */
export function writeRecent<W extends KernelWorld>(
  world: W,
  ns: Netns,
  name: string,
  text: string,
): W | "EINVAL" | "ESRCH" {
  const line = text.replace(/\n$/, "");
  const xt = cloneXt(world.xt ?? emptyXt());
  const key = `${ns.id}/${name}`;
  const list = (xt.recent[key] ??= []);
  if (line.startsWith("/")) xt.recent[key] = [];
  else if (line.startsWith("+") || line.startsWith("-")) {
    const n = parseIpv4(line.slice(1));
    if (n === null) return "EINVAL";
    const addr = formatIpv4(n);
    const i = list.findIndex((e) => e.addr === addr);
    if (line[0] === "-") {
      if (i < 0) return "ESRCH";
      list.splice(i, 1);
    } else if (i >= 0) {
      const e = list[i]!;
      e.stamps.push(world.clock);
      if (e.stamps.length > RECENT_STAMPS) e.stamps.shift();
      e.index++;
    } else list.unshift({ addr, ttl: 0, stamps: [world.clock], index: 1 });
  } else return "EINVAL";
  return { ...world, xt };
}
