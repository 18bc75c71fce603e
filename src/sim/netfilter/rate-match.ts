/**
 * The stateless halves of types-rate.ts's matches (xt_ttl, xt_length, xt_string,
 * xt_time), tested against a packet's headers, its payload and the clock. The
 * stateful ones (hashlimit, recent, connlimit, statistic) keep their tables in the
 * world and are run by the kernel's walk (kernel/stack/xt-state.ts).
 */
import type { RateMatch } from "./types-rate.ts";

export type StatefulMatch = Extract<RateMatch, { module: "hashlimit" | "recent" | "connlimit" | "statistic" }>;
type HeaderMatch = Extract<RateMatch, { module: "ttl" | "length" | "string" | "time" }>;

interface HeaderView {
  readonly ttl?: number;
  readonly len?: number;
  readonly data?: string;
}

export function headerRateMatches(m: HeaderMatch, pkt: HeaderView, ttlNow: number | undefined, now: number): boolean {
  switch (m.module) {
    case "ttl": {
      const ttl = ttlNow ?? pkt.ttl ?? 64;
      if (m.op === "eq") return ttl === m.value;
      if (m.op === "ne") return ttl !== m.value;
      return m.op === "lt" ? ttl < m.value : ttl > m.value;
    }
    case "length": {
      const len = pkt.len ?? 0;
      return (len >= m.min && len <= m.max) !== m.negated;
    }
    case "string":
      return stringFound(m, pkt) !== m.pattern.negated;
    case "time":
      return timeMatches(m, now);
  }
}

/** xt_string: the pattern anywhere from --from up to --to, counted from the IP header's first byte. */
function stringFound(m: Extract<RateMatch, { module: "string" }>, pkt: HeaderView): boolean {
  const data = pkt.data ?? "";
  if (data.length === 0 || m.pattern.value.length === 0) return false;
  // The payload's offset in the packet: what the headers take (the text is ASCII on the lab's paths).
  const head = Math.max(0, (pkt.len ?? data.length) - data.length);
  const hay = m.icase ? data.toLowerCase() : data;
  const needle = m.icase ? m.pattern.value.toLowerCase() : m.pattern.value;
  let from = 0;
  for (let guard = 0; guard < 64; guard++) {
    const i = hay.indexOf(needle, from);
    if (i < 0) return false;
    if (head + i >= m.from && head + i + needle.length <= m.to + 1) return true;
    if (head + i > m.to) return false;
    from = i + 1;
  }
  return false;
}

/** xt_time: the date range, then day of month, weekday and time of day, in UTC (the lab's kernel zone too). */
function timeMatches(m: Extract<RateMatch, { module: "time" }>, nowMs: number): boolean {
  const t = Math.floor(nowMs / 1000);
  if (t < m.dateStart || t > m.dateStop) return false;
  const d = new Date(t * 1000);
  if (!(m.monthdays & (1 << (d.getUTCDate() - 1)))) return false;
  const wd = d.getUTCDay() === 0 ? 7 : d.getUTCDay();
  if (!(m.weekdays & (1 << (wd - 1)))) return false;
  const s = t % 86400;
  return m.timeStart <= m.timeStop ? s >= m.timeStart && s <= m.timeStop : s >= m.timeStart || s <= m.timeStop;
}
