/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument --
   an extension's draft is the Match being built, shaped by its extension's name at run time */
/**
 * The option parsers of the matches hardening guides use (libxt_hashlimit, recent,
 * connlimit, ttl, length, string, statistic, time, set), each value stored as the
 * kernel keeps it and every refusal in the extension's own words. libxtables' own
 * checks (once, `!`, mandatory, exclusive) ran before (ext-parse.ts guidedCheck).
 */
import { optionById } from "./ext-defs.ts";
import { fail, genericFinal, type ExtContext, type ExtInstance } from "./ext-instance.ts";
import { numericAddr, rateParts, strtoul } from "./ext-values.ts";
import type { ParseError } from "./rule-values.ts";
import {
  HASHLIMIT_MODES,
  TIME_ALL_MONTHDAYS,
  TIME_ALL_WEEKDAYS,
  TIME_DATE_MAX,
  TIME_MAX_DAYTIME,
} from "./types-rate.ts";

export const RATE_MODULES: ReadonlySet<string> = new Set([
  "hashlimit",
  "recent",
  "connlimit",
  "ttl",
  "length",
  "string",
  "statistic",
  "time",
  "set",
]);

/** XT_HASHLIMIT_SCALE_v2: hashlimit keeps its period in microseconds. */
export const HASHLIMIT_SCALE = 1_000_000;

/** What a fresh `-m NAME` of these holds before its options. */
export function initRate(name: string): object {
  switch (name) {
    case "hashlimit":
      return { module: name, above: false, avg: 0, burst: 5, mode: 0, name: "", srcmask: 32, dstmask: 32 };
    case "recent":
      return {
        module: name,
        op: "set",
        negated: false,
        seconds: 0,
        reap: false,
        hitcount: 0,
        rttl: false,
        name: "DEFAULT",
        mask: "255.255.255.255",
        side: "source",
      };
    case "connlimit":
      return { module: name, above: true, limit: 0, mask: 32, daddr: false };
    case "ttl":
      return { module: name, op: "eq", value: 0 };
    case "length":
      return { module: name, min: 0, max: 0xffff, negated: false };
    case "string":
      return { module: name, algo: "", pattern: { value: "", negated: false }, from: 0, to: 0xffff, icase: false };
    case "statistic":
      return { module: name, mode: "random", negated: false, probability: 0, every: 0, packet: 0 };
    case "time":
      return {
        module: name,
        timeStart: 0,
        timeStop: TIME_MAX_DAYTIME,
        monthdays: TIME_ALL_MONTHDAYS,
        weekdays: TIME_ALL_WEEKDAYS,
        dateStart: 0,
        dateStop: TIME_DATE_MAX,
        kerneltz: false,
        contiguous: false,
      };
    default:
      return { module: name };
  }
}

/** libxt_hashlimit's parse_rate: `N[/second|minute|hour|day]` (any prefix of the unit), as a period. */
export function parseHashRate(text: string): number | undefined {
  const parts = rateParts(text);
  if (!parts) return undefined;
  const { r, mult } = parts;
  const period = Math.floor((mult * HASHLIMIT_SCALE) / r);
  return period === 0 ? undefined : period;
}

const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/** libxt_time's time_parse_minutes: `hh:mm[:ss]` within a day. */
function daytime(arg: string): number | undefined {
  const m = /^(\d+):(\d+)(?::(\d+))?$/.exec(arg);
  if (!m) return undefined;
  const [h, mi, s] = [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
  if (h > 23 || mi > 59 || s > 59) return undefined;
  return h * 3600 + mi * 60 + s;
}

/** libxt_time's time_parse_date: `YYYY[-MM[-DD[Thh[:mm[:ss]]]]]`, as UTC seconds. */
function date(arg: string): number | undefined {
  const m = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2})(?:T(\d{1,2})(?::(\d{1,2})(?::(\d{1,2}))?)?)?)?)?$/.exec(arg);
  if (!m) return undefined;
  const n = (i: number, d: number) => (m[i] === undefined ? d : Number(m[i]));
  const t = Date.UTC(n(1, 0), n(2, 1) - 1, n(3, 1), n(4, 0), n(5, 0), n(6, 0)) / 1000;
  return Number.isFinite(t) ? Math.max(0, Math.min(TIME_DATE_MAX, t)) : undefined;
}

/** Parses one option of these matches; an error value when the extension refuses it. */
export function parseRateOption(
  inst: ExtInstance,
  id: number,
  arg: string,
  invert: boolean,
  ctx: ExtContext,
): ParseError | undefined {
  const d = inst.data;
  const name = optionById(inst.def, id)?.name ?? "";
  const err = (m: string) => fail(ctx, m);
  const badValue = () => err(`${inst.def.name}: Bad value for "--${name}" option: "${arg}"`);
  const range = (min: number, max: number) =>
    err(`${inst.def.name}: bad value for option "--${name}", or out of range (${min}-${max}).\n`);
  const uint = (min: number, max: number) => strtoul(arg, min, max);
  inst.xflags |= 1 << id;
  switch (d.module) {
    case "hashlimit": {
      if (id === 0 || id === 1) {
        const avg = parseHashRate(arg);
        if (avg === undefined) return badValue();
        d.avg = avg;
        d.above = id === 1;
      } else if (id === 2) {
        let bits = 0;
        for (const w of arg.split(",")) {
          const i = (HASHLIMIT_MODES as readonly string[]).indexOf(w);
          if (i < 0) return badValue();
          bits |= 1 << i;
        }
        d.mode = bits;
      } else if (id === 3 || id === 4) {
        const n = uint(0, 32);
        if (n === undefined) return range(0, 32);
        d[id === 3 ? "srcmask" : "dstmask"] = n;
      } else if (id === 5) d.name = arg;
      else if (id === 6) {
        const n = uint(1, 10000);
        if (n === undefined) return range(1, 10000);
        d.burst = n;
      } else {
        const n = uint(0, 0xffffffff);
        if (n === undefined) return range(0, 4294967295);
        d[["size", "max", "gcinterval", "expire"][id - 7]!] = n;
      }
      return undefined;
    }
    case "recent": {
      if (id <= 3) {
        d.op = ["set", "rcheck", "update", "remove"][id];
        d.negated = invert;
      } else if (id === 4 || id === 6) {
        const n = uint(id === 4 ? 1 : 0, 0xffffffff);
        if (n === undefined) return range(id === 4 ? 1 : 0, 4294967295);
        d[id === 4 ? "seconds" : "hitcount"] = n;
      } else if (id === 5) d.reap = true;
      else if (id === 7) d.rttl = true;
      else if (id === 8) d.name = arg;
      else if (id === 9 || id === 10) d.side = id === 9 ? "source" : "dest";
      else {
        const a = numericAddr(arg);
        if (a === undefined) return badValue();
        d.mask = a;
      }
      return undefined;
    }
    case "connlimit": {
      if (id <= 1) {
        const n = uint(0, 0xffffffff);
        if (n === undefined) return range(0, 4294967295);
        d.limit = n;
        d.above = id === 1;
      } else if (id === 2) {
        const n = uint(0, 128);
        if (n === undefined) return badValue();
        d.mask = n;
      } else d.daddr = id === 4;
      return undefined;
    }
    case "ttl": {
      const n = uint(0, 255);
      if (n === undefined) return range(0, 255);
      d.value = n;
      d.op = id === 0 ? (invert ? "ne" : "eq") : id === 1 ? "lt" : "gt";
      return undefined;
    }
    case "length": {
      const m = /^(\d*)(?::(\d*))?$/.exec(arg);
      const lo = m && m[1] !== "" ? strtoul(m[1]!, 0, 0xffff) : m ? 0 : undefined;
      const hi = m?.[2] === undefined ? lo : m[2] === "" ? 0xffff : strtoul(m[2], 0, 0xffff);
      if (lo === undefined || hi === undefined)
        return err(`length: bad value for option "--length" near "${arg}", or out of range (0-65535).\n`);
      d.min = lo;
      d.max = hi;
      d.negated = invert;
      return undefined;
    }
    case "string": {
      if (id <= 1) {
        const n = uint(0, 0xffff);
        if (n === undefined) return range(0, 65535);
        d[id === 0 ? "from" : "to"] = n;
      } else if (id === 2) d.algo = arg;
      else if (id === 3) d.pattern = { value: arg, negated: invert };
      else if (id === 4) return err(`string: option "--hex-string" is not modelled in this lab`);
      else d.icase = true;
      return undefined;
    }
    case "statistic": {
      if (id === 0) {
        if (arg !== "random" && arg !== "nth") return err(`Bad mode "${arg}"`);
        d.mode = arg;
      } else if (id === 1) {
        const p = /^\s*[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(arg) ? Number(arg) : NaN;
        if (!(p >= 0 && p <= 1)) return range(0, 1);
        d.probability = Math.round(0x80000000 * p);
        d.negated = invert;
      } else {
        const n = uint(id === 2 ? 1 : 0, 0xffffffff);
        if (n === undefined) return range(id === 2 ? 1 : 0, 4294967295);
        if (id === 2) {
          d.every = n - 1;
          d.negated = invert;
        } else d.packet = n;
      }
      return undefined;
    }
    case "time":
      return parseTimeOption(d, id, arg, invert, err);
    case "set": {
      if (id === 3) return err(`set: option "--return-nomatch" is not modelled in this lab`);
      if (id === 1) ctx.warn("--set option deprecated, please use --match-set\n");
      const next = ctx.peek();
      if (next === undefined || next.startsWith("-") || next.startsWith("!"))
        return err(`--${id === 1 ? "set" : "match-set"} requires two args.`);
      // The lab's host has no ipset, so no set of any name exists in its kernel.
      return err(`Set ${arg} doesn't exist.\n`);
    }
  }
  return undefined;
}

function parseTimeOption(
  d: Record<string, unknown>,
  id: number,
  arg: string,
  invert: boolean,
  err: (m: string) => ParseError,
): ParseError | undefined {
  if (id <= 1) {
    const t = date(arg);
    if (t === undefined) return err(`Invalid date "${arg}" specified. Should be YYYY[-MM[-DD[Thh[:mm[:ss]]]]]`);
    d[id === 0 ? "dateStart" : "dateStop"] = t;
  } else if (id <= 3) {
    const t = daytime(arg);
    if (t === undefined)
      return err(`invalid time "${arg}" specified, should be hh:mm[:ss] format and within the boundaries`);
    d[id === 2 ? "timeStart" : "timeStop"] = t;
  } else if (id === 4 || id === 5) {
    let bits = 0;
    for (const w of arg.split(",")) {
      const n = /^\d+$/.test(w)
        ? Number(w)
        : id === 4
          ? WEEKDAYS.findIndex((x) => x.toLowerCase() === w.toLowerCase()) + 1
          : 0;
      if (id === 4 && !(n >= 1 && n <= 7)) return err(`No, the weekday "${w}" is not valid`);
      if (id === 5 && !(n >= 1 && n <= 31)) return err(`Illegal monthday "${w}"`);
      bits |= 1 << (n - 1);
    }
    const all = id === 4 ? TIME_ALL_WEEKDAYS : TIME_ALL_MONTHDAYS;
    d[id === 4 ? "weekdays" : "monthdays"] = invert ? all & ~bits : bits;
  } else if (id === 6) d.kerneltz = true;
  else if (id === 7) d.kerneltz = false;
  else d.contiguous = true;
  return undefined;
}

/** An option another needs beside it (libxtables' `.also`): statistic's --every wants --packet, recent's --reap --seconds. */
function also(module: string, x: number): string | undefined {
  if (module === "statistic" && x & (1 << 2) && !(x & (1 << 3)))
    return 'statistic: option "--every" also requires "--packet".\n';
  if (module === "recent" && x & (1 << 5) && !(x & (1 << 4)))
    return 'recent: option "--reap" also requires "--seconds".\n';
  return undefined;
}

/** libxtables' checks (mandatory, exclusive) first, then the extension's own, as xtables_option_mfcheck runs them. */
export function finalRate(inst: ExtInstance, ctx: ExtContext): ParseError | undefined {
  const d = inst.data;
  const x = inst.xflags;
  const own = (): string | undefined => {
    switch (d.module) {
      case "hashlimit":
        return x & 0b11 ? undefined : "You have to specify --hashlimit";
      case "recent":
        if (!(x & 0b1111)) return "recent: you must specify one of `--set', `--rcheck' `--update' or `--remove'";
        return d.reap && !d.seconds ? "recent: you must specify `--seconds' with `--reap'" : undefined;
      case "connlimit":
        return x & 0b11 ? undefined : 'You must specify "--connlimit-above" or "--connlimit-upto".';
      case "ttl":
        return x & 0b111 ? undefined : "TTL match: You must specify one of `--ttl-eq', `--ttl-lt', `--ttl-gt'";
      case "string":
        return x & 0b11000 ? undefined : "STRING match: You must specify `--string' or `--hex-string'";
      case "statistic":
        if (d.mode === "random" && !(x & 0b10)) return "--probability must be specified when using random mode";
        if (d.mode === "nth" && !(x & 0b100)) return "--every and --packet must be specified when using nth mode";
        return d.mode === "nth" && d.packet > d.every ? "the --packet p must be 0 <= p <= n-1" : undefined;
      case "set":
        return "You must specify `--match-set' with proper arguments";
      default:
        return undefined;
    }
  };
  const m = also(d.module, x) ?? (inst.def.guided ? genericFinal(inst) : undefined) ?? own();
  return m === undefined ? undefined : fail(ctx, m);
}
