/**
 * The tables the stateful xt matches keep in a namespace's kernel, on the world's
 * clock: hashlimit's buckets per named table and key (xt_hashlimit), recent's lists
 * of addresses with their last hits (xt_recent), statistic's nth counters, and
 * connlimit's count of the connections conntrack holds (xt_connlimit). A walk copies
 * the world's tables on first use and `worldOf` writes them back.
 */
import { formatIpv4, maskOf, parseIpv4 } from "../../ipv4.ts";
import type { StatefulMatch } from "../../netfilter/rate-match.ts";
import type { MatchContext, MatchPacket } from "../../netfilter/evaluate-match.ts";
import { nextFloat } from "../../rng.ts";
import type { KernelWorld } from "../types.ts";
import type { WalkState } from "./context.ts";
import type { Visit } from "./visit.ts";

export interface HashBucket {
  tokens: number;
  at: number;
  /** When the entry goes (its last packet plus the table's htable-expire). */
  expires: number;
  /** The bucket's size and one packet's cost, in the credits /proc/net/ipt_hashlimit prints. */
  cap: number;
  cost: number;
}
export interface RecentEntry {
  addr: string;
  ttl: number;
  /** The clock (ms) of each hit, oldest first, at most RECENT_STAMPS. */
  stamps: number[];
  /** Hits ever recorded: the kernel's ring index (`oldest_pkt`). */
  index: number;
}
export interface XtState {
  /** By `netns/name`, then by the key /proc/net/ipt_hashlimit prints. */
  hashlimit: Record<string, Record<string, HashBucket>>;
  /** By `netns/name`, newest entry first. */
  recent: Record<string, RecentEntry[]>;
  /** By the statistic match's key: the kernel's running count. */
  nth: Record<string, number>;
}

/** xt_recent's ip_pkt_list_tot and ip_list_tot defaults. */
export const RECENT_STAMPS = 20;
const RECENT_ENTRIES = 200;
/** xt_hashlimit's default htable-expire (ms). */
const HASHLIMIT_EXPIRE = 10_000;

export function emptyXt(): XtState {
  return { hashlimit: {}, recent: {}, nth: {} };
}

/** The walk's own copy of the world's tables, made once per walk (written back by worldOf). */
export function xtOf(st: WalkState): XtState {
  st.xt ??= cloneXt(st.world.xt ?? emptyXt());
  return st.xt;
}

/** A copy the walk may change in place (the world's tables are shared by earlier worlds). */
export function cloneXt(x: XtState): XtState {
  const hashlimit: XtState["hashlimit"] = {};
  for (const [k, t] of Object.entries(x.hashlimit)) {
    const copy: Record<string, HashBucket> = {};
    for (const [key, b] of Object.entries(t)) copy[key] = { ...b };
    hashlimit[k] = copy;
  }
  const recent: XtState["recent"] = {};
  for (const [k, l] of Object.entries(x.recent)) recent[k] = l.map((e) => ({ ...e, stamps: [...e.stamps] }));
  return { hashlimit, recent, nth: { ...x.nth } };
}

export function withXt<W extends KernelWorld>(world: W, xt: XtState): W {
  return { ...world, xt };
}

const masked = (addr: string, bits: number) => formatIpv4(((parseIpv4(addr) ?? 0) & maskOf(bits)) >>> 0);
const andMask = (addr: string, mask: string) => formatIpv4(((parseIpv4(addr) ?? 0) & (parseIpv4(mask) ?? 0)) >>> 0);

const keys = new WeakMap<object, string>();
let serial = 0;
function matchKey(m: object): string {
  let k = keys.get(m);
  if (k === undefined) keys.set(m, (k = `nth-${++serial}`));
  return k;
}

/** The test of one stateful match for a packet at visit `v`; updates the walk's tables. */
export function statefulMatch(st: WalkState, v: Visit, ctx: MatchContext, m: StatefulMatch, pkt: MatchPacket): boolean {
  const now = st.world.clock;
  switch (m.module) {
    case "hashlimit": {
      const table = (xtOf(st).hashlimit[`${v.ns.id}/${m.name}`] ??= {});
      const bit = (i: number) => (m.mode & (1 << i)) !== 0;
      const key =
        `${bit(0) ? masked(pkt.src, m.srcmask) : "0.0.0.0"}:${bit(1) ? (pkt.sport ?? 0) : 0}->` +
        `${bit(2) ? masked(pkt.dst, m.dstmask) : "0.0.0.0"}:${bit(3) ? (pkt.dport ?? 0) : 0}`;
      const periodMs = m.avg / 1000;
      const prev = table[key] && table[key].expires > now ? table[key] : { tokens: m.burst, at: now, expires: 0 };
      const refill = periodMs > 0 ? Math.floor((now - prev.at) / periodMs) : m.burst;
      let tokens = Math.min(m.burst, prev.tokens + refill);
      const at = refill > 0 ? (tokens === m.burst ? now : prev.at + refill * periodMs) : prev.at;
      const ok = tokens > 0;
      if (ok) tokens--;
      // xt_hashlimit's credits: one packet costs its period in jiffies times CREDITS_PER_JIFFY (HZ 250, 128).
      const cost = Math.max(1, Math.round((m.avg / 4000) * 128));
      table[key] = { tokens, at, expires: now + (m.expire ?? HASHLIMIT_EXPIRE), cap: m.burst * cost, cost };
      return ok !== m.above;
    }
    case "recent":
      return recentMatch(st, v, ctx, m, pkt, now);
    case "connlimit": {
      const bits = Math.min(32, m.mask);
      const want = masked(m.daddr ? pkt.dst : pkt.src, bits);
      const own = ctx.conn?.entry.id;
      let n = 0;
      let counted = false;
      for (const e of v.ns.conntrack) {
        if (e.tcpState === "TIME_WAIT" || e.tcpState === "CLOSE") continue;
        if (masked(m.daddr ? e.orig.dst : e.orig.src, bits) !== want) continue;
        n++;
        if (e.id === own) counted = true;
      }
      // The connection this packet opens is counted too (nf_conncount adds it first).
      if (!counted) n++;
      return m.above ? n > m.limit : n <= m.limit;
    }
    case "statistic": {
      if (m.mode === "random") {
        const [f, rng] = nextFloat(st.world.rng);
        st.world = { ...st.world, rng };
        return f * 0x80000000 < m.probability !== m.negated;
      }
      const xt = xtOf(st);
      const k = matchKey(m);
      const count = xt.nth[k] ?? m.every - m.packet;
      const next = count === m.every ? 0 : count + 1;
      xt.nth[k] = next;
      return (next === 0) !== m.negated;
    }
  }
}

function recentMatch(
  st: WalkState,
  v: Visit,
  ctx: MatchContext,
  m: Extract<StatefulMatch, { module: "recent" }>,
  pkt: MatchPacket,
  now: number,
): boolean {
  // xt_recent records the TTL as it was before forwarding took one off.
  const ttl = (ctx.ttl ?? pkt.ttl ?? 64) + (ctx.outIface !== undefined && !v.owner ? 1 : 0);
  const addr = andMask(m.side === "source" ? pkt.src : pkt.dst, m.mask);
  const list = (xtOf(st).recent[`${v.ns.id}/${m.name}`] ??= []);
  const i = list.findIndex((e) => e.addr === addr && (!m.rttl || e.ttl === ttl));
  let hit = m.negated;
  if (i < 0) {
    if (m.op !== "set") return hit;
    list.unshift({ addr, ttl, stamps: [now], index: 1 });
    if (list.length > RECENT_ENTRIES) list.pop();
    return !hit;
  }
  const e = list[i]!;
  if (m.op === "set") hit = !hit;
  else if (m.op === "remove") {
    list.splice(i, 1);
    return !hit;
  } else {
    let hits = 0;
    for (const t of e.stamps) {
      if (m.seconds && t < now - m.seconds * 1000) continue;
      if (!m.hitcount || ++hits >= m.hitcount) {
        hit = !hit;
        break;
      }
    }
    if (m.reap && m.seconds) e.stamps = e.stamps.filter((t) => t >= now - m.seconds * 1000);
  }
  if (m.op === "set" || (m.op === "update" && hit)) {
    e.stamps.push(now);
    if (e.stamps.length > RECENT_STAMPS) e.stamps.shift();
    e.index++;
    e.ttl = ttl;
  }
  return hit;
}
