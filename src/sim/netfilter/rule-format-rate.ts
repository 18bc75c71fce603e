/**
 * How iptables 1.8.9 prints the matches and mangle targets of types-rate.ts, in
 * the save form (`-S`, iptables-save) and the listing form (`-L`), as their
 * libxt_*.c print and save functions do.
 */
import { HASHLIMIT_SCALE } from "./ext-parse-rate.ts";
import { formatRate } from "./ext-values.ts";
import {
  HASHLIMIT_MODES,
  TIME_ALL_MONTHDAYS,
  TIME_ALL_WEEKDAYS,
  TIME_DATE_MAX,
  TIME_MAX_DAYTIME,
  type MangleTarget,
  type RateMatch,
} from "./types-rate.ts";
import type { Match, Target } from "./types.ts";

const RATE_NAMES = new Set(["hashlimit", "recent", "connlimit", "ttl", "length", "string", "statistic", "time"]);
const MANGLE_NAMES = new Set(["TTL", "DSCP", "TOS", "TCPMSS"]);

export function isRateMatch(m: Match): m is RateMatch {
  return RATE_NAMES.has(m.module);
}
export function isMangleTarget(t: Target): t is MangleTarget {
  return MANGLE_NAMES.has(t.kind);
}

/** libxt_hashlimit's print_rate: libxt_limit's at hashlimit's scale. */
export function formatHashRate(avg: number): string {
  return formatRate(avg, HASHLIMIT_SCALE);
}

function modes(bits: number, sep: string): string {
  return HASHLIMIT_MODES.filter((_, i) => bits & (1 << i)).join(sep);
}

const two = (n: number) => String(n).padStart(2, "0");
function hms(t: number): string {
  return `${two(Math.floor(t / 3600))}:${two(Math.floor(t / 60) % 60)}:${two(t % 60)}`;
}
function dateText(t: number, sep: string): string {
  const d = new Date(t * 1000);
  const ymd = `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}`;
  return `${ymd}${sep}${hms(d.getUTCHours() * 3600 + d.getUTCMinutes() * 60 + d.getUTCSeconds())}`;
}
const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
function weekdays(bits: number): string {
  return WEEKDAYS.filter((_, i) => bits & (1 << i)).join(",");
}
function monthdays(bits: number, human: boolean): string {
  const out: string[] = [];
  for (let d = 1; d <= 31; d++) {
    if (!(bits & (1 << (d - 1)))) continue;
    const suffix = !human ? "" : d % 10 === 1 && d !== 11 ? "st" : d % 10 === 2 && d !== 12 ? "nd" : d % 10 === 3 && d !== 13 ? "rd" : "th"; // prettier-ignore
    out.push(`${d}${suffix}`);
  }
  return out.join(",");
}

const RECENT_OPS: Readonly<Record<string, string>> = {
  set: "SET",
  rcheck: "CHECK",
  update: "UPDATE",
  remove: "REMOVE",
};
const TTL_OPS: Readonly<Record<string, string>> = { eq: "==", ne: "!=", lt: "<", gt: ">" };
const quoted = (s: string) => `"${s.replace(/["\\]/g, (c) => "\\" + c)}"`;
const hex2 = (n: number) => "0x" + n.toString(16).padStart(2, "0");

export function saveRateMatch(m: RateMatch): string {
  const out = [`-m ${m.module}`];
  switch (m.module) {
    case "hashlimit":
      out.push(`--hashlimit-${m.above ? "above" : "upto"} ${formatHashRate(m.avg)} --hashlimit-burst ${m.burst}`);
      if (m.mode) out.push(`--hashlimit-mode ${modes(m.mode, ",")}`);
      out.push(`--hashlimit-name ${m.name}`);
      if (m.size !== undefined) out.push(`--hashlimit-htable-size ${m.size}`);
      if (m.max !== undefined) out.push(`--hashlimit-htable-max ${m.max}`);
      if (m.gcinterval !== undefined) out.push(`--hashlimit-htable-gcinterval ${m.gcinterval}`);
      if (m.expire !== undefined) out.push(`--hashlimit-htable-expire ${m.expire}`);
      if (m.srcmask !== 32) out.push(`--hashlimit-srcmask ${m.srcmask}`);
      if (m.dstmask !== 32) out.push(`--hashlimit-dstmask ${m.dstmask}`);
      break;
    case "recent":
      out.push(`${m.negated ? "! " : ""}--${m.op}`);
      if (m.seconds) out.push(`--seconds ${m.seconds}`);
      if (m.reap) out.push("--reap");
      if (m.hitcount) out.push(`--hitcount ${m.hitcount}`);
      if (m.rttl) out.push("--rttl");
      out.push(`--name ${m.name} --mask ${m.mask} --${m.side === "source" ? "rsource" : "rdest"}`);
      break;
    case "connlimit":
      out.push(`--connlimit-${m.above ? "above" : "upto"} ${m.limit} --connlimit-mask ${m.mask}`);
      out.push(m.daddr ? "--connlimit-daddr" : "--connlimit-saddr");
      break;
    case "ttl":
      out.push(m.op === "ne" ? `! --ttl-eq ${m.value}` : `--ttl-${m.op} ${m.value}`);
      break;
    case "length":
      out.push(`${m.negated ? "! " : ""}--length ${m.min === m.max ? m.min : `${m.min}:${m.max}`}`);
      break;
    case "string":
      out.push(`${m.pattern.negated ? "! " : ""}--string ${quoted(m.pattern.value)} --algo ${m.algo}`);
      if (m.from) out.push(`--from ${m.from}`);
      if (m.to !== 0xffff) out.push(`--to ${m.to}`);
      if (m.icase) out.push("--icase");
      break;
    case "statistic":
      out.push(statistic(m, "--"));
      break;
    case "time":
      if (m.timeStart !== 0 || m.timeStop !== TIME_MAX_DAYTIME)
        out.push(`--timestart ${hms(m.timeStart)} --timestop ${hms(m.timeStop)}`);
      if (m.monthdays !== TIME_ALL_MONTHDAYS) out.push(`--monthdays ${monthdays(m.monthdays, false)}`);
      if (m.weekdays !== TIME_ALL_WEEKDAYS) out.push(`--weekdays ${weekdays(m.weekdays)}`);
      if (m.dateStart !== 0) out.push(`--datestart ${dateText(m.dateStart, "T")}`);
      out.push(`--datestop ${dateText(m.dateStop, "T")}`);
      if (m.kerneltz) out.push("--kerneltz");
      if (m.contiguous) out.push("--contiguous");
      break;
  }
  return out.join(" ");
}

function statistic(m: Extract<RateMatch, { module: "statistic" }>, prefix: string): string {
  const inv = m.negated ? " !" : "";
  if (m.mode === "random")
    return `${prefix}mode random${inv} ${prefix}probability ${(m.probability / 0x80000000).toFixed(11)}`;
  const packet = m.packet || prefix ? ` ${prefix}packet ${m.packet}` : "";
  return `${prefix}mode nth${inv} ${prefix}every ${m.every + 1}${packet}`;
}

export function printRateMatch(m: RateMatch): string {
  switch (m.module) {
    case "hashlimit": {
      let s = ` limit: ${m.above ? "above" : "up to"} ${formatHashRate(m.avg)} burst ${m.burst}`;
      if (m.mode) s += ` mode ${modes(m.mode, "-")}`;
      if (m.size !== undefined) s += ` htable-size ${m.size}`;
      if (m.max !== undefined) s += ` htable-max ${m.max}`;
      if (m.gcinterval !== undefined) s += ` htable-gcinterval ${m.gcinterval}`;
      if (m.expire !== undefined) s += ` htable-expire ${m.expire}`;
      if (m.srcmask !== 32) s += ` srcmask ${m.srcmask}`;
      if (m.dstmask !== 32) s += ` dstmask ${m.dstmask}`;
      return s;
    }
    case "recent": {
      let s = `${m.negated ? " !" : ""} recent: ${RECENT_OPS[m.op]}`;
      if (m.seconds) s += ` seconds: ${m.seconds}`;
      if (m.reap) s += " reap";
      if (m.hitcount) s += ` hit_count: ${m.hitcount}`;
      if (m.rttl) s += " TTL-Match";
      return s + ` name: ${m.name} side: ${m.side} mask: ${m.mask}`;
    }
    case "connlimit":
      return ` #conn ${m.daddr ? "dst" : "src"}/${m.mask} ${m.above ? ">" : "<="} ${m.limit}`;
    case "ttl":
      return ` TTL match TTL ${TTL_OPS[m.op]} ${m.value}`;
    case "length":
      return ` length ${m.negated ? "!" : ""}${m.min === m.max ? m.min : `${m.min}:${m.max}`}`;
    case "string": {
      let s = ` STRING match ${m.pattern.negated ? "!" : ""} ${quoted(m.pattern.value)} ALGO name ${m.algo}`;
      if (m.from) s += ` FROM ${m.from}`;
      if (m.to !== 0xffff) s += ` TO ${m.to}`;
      return s + (m.icase ? " ICASE" : "");
    }
    case "statistic":
      return ` statistic ${statistic(m, "")}`;
    case "time": {
      let s = " TIME";
      if (m.timeStart !== 0 || m.timeStop !== TIME_MAX_DAYTIME) s += ` from ${hms(m.timeStart)} to ${hms(m.timeStop)}`;
      if (m.weekdays !== TIME_ALL_WEEKDAYS) s += ` on ${weekdays(m.weekdays)}`;
      if (m.monthdays !== TIME_ALL_MONTHDAYS) s += ` on ${monthdays(m.monthdays, true)}`;
      if (m.dateStart !== 0) s += ` starting from ${dateText(m.dateStart, " ")}`;
      if (m.dateStop !== TIME_DATE_MAX) s += ` until ${dateText(m.dateStop, " ")}`;
      if (!m.kerneltz) s += " UTC";
      return s + (m.contiguous ? " contiguous" : "");
    }
  }
}

export function saveMangleTarget(t: MangleTarget): string {
  switch (t.kind) {
    case "TTL":
      return `-j TTL --ttl-${t.op} ${t.value}`;
    case "DSCP":
      return `-j DSCP --set-dscp ${hex2(t.dscp)}`;
    case "TOS":
      return `-j TOS --set-tos ${hex2(t.value)}/${hex2(t.mask)}`;
    case "TCPMSS":
      return t.mss === undefined ? "-j TCPMSS --clamp-mss-to-pmtu" : `-j TCPMSS --set-mss ${t.mss}`;
  }
}

/** The TOS names libxt_TOS knows, for a value set under its 0x3f mask. */
export const TOS_NAMES: readonly (readonly [string, number])[] = [
  ["Minimize-Delay", 0x10],
  ["Maximize-Throughput", 0x08],
  ["Maximize-Reliability", 0x04],
  ["Minimize-Cost", 0x02],
  ["Normal-Service", 0x00],
];

export function printMangleTarget(t: MangleTarget, numeric: boolean): string {
  switch (t.kind) {
    case "TTL":
      return t.op === "set"
        ? ` TTL set to ${t.value}`
        : ` TTL ${t.op === "inc" ? "increment" : "decrement"} by ${t.value}`;
    case "DSCP":
      return ` DSCP set ${hex2(t.dscp)}`;
    case "TOS": {
      if (numeric) return ` TOS set ${hex2(t.value)}/${hex2(t.mask)}`;
      const sym = t.mask === 0x3f ? TOS_NAMES.find(([, v]) => v === t.value) : undefined;
      // tos_try_print_symbolic puts its own space before " TOS set" and none after it.
      if (sym) return `  TOS set${sym[0]}`;
      if (t.value === 0) return ` TOS and ${hex2(~t.mask & 0xff)}`;
      if (t.value === t.mask) return ` TOS or ${hex2(t.value)}`;
      if (t.mask === 0) return ` TOS xor ${hex2(t.value)}`;
      return ` TOS set ${hex2(t.value)}/${hex2(t.mask)}`;
    }
    case "TCPMSS":
      return t.mss === undefined ? " TCPMSS clamp to PMTU" : ` TCPMSS set ${t.mss}`;
  }
}

/** For the nft view: these stay xt compat expressions, named as nft prints an untranslated one. */
export function compatName(m: RateMatch | MangleTarget): string {
  return "module" in m ? m.module : m.kind;
}
