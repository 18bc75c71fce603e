/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument --
   an extension's draft is the Match or Target being built, shaped by its extension's name at run time */
/**
 * Each extension's option parser and final check, as its libxt_*.c does it:
 * the value is read and stored in the canonical form the kernel keeps (and
 * iptables-save prints back), and every refusal carries the extension's own
 * words. Guided (x6) extensions first pass libxtables' checks (guidedCheck).
 */
import { ICMP_TYPES, icmpSpecToText, parseIcmpType } from "./names.ts";
import { parseIcmp6Type } from "./icmp6.ts";
import { optionById } from "./ext-defs.ts";
import {
  ADDR_TYPES,
  nftPortRange,
  parsePortRange,
  parseStates,
  parseTcpFlags,
  usageError,
  type ParseError,
} from "./rule-values.ts";
import { parseIpv4 } from "../ipv4.ts";
import {
  GROUPS,
  markMask,
  numericAddr,
  ownerRange,
  parseRate,
  strtoul,
  truncateBytes,
  U32,
  USERS,
} from "./ext-values.ts";
import { serviceToPort } from "./names.ts";
import { parseCtOption } from "./ct-match.ts";
import type { AddrType, Neg } from "./types.ts";
import { finalRate, initRate, parseRateOption, RATE_MODULES } from "./ext-parse-rate.ts";
import { fail, genericFinal, guidedCheck, type ExtContext, type ExtInstance } from "./ext-instance.ts";

export type { ExtContext, ExtInstance };

/** libxt_icmp's name lookup: an unambiguous case-insensitive prefix, else a number with `/code`. */
function icmpType(arg: string): string | { error: string } {
  const lower = arg.toLowerCase();
  let found: (typeof ICMP_TYPES)[number] | undefined;
  for (const t of ICMP_TYPES) {
    if (!t[0].toLowerCase().startsWith(lower)) continue;
    if (found) return { error: `Ambiguous ICMP type \`${arg}': \`${found[0]}' or \`${t[0]}'?` };
    found = t;
  }
  if (found) return icmpSpecToText({ type: found[1], codeMin: found[2], codeMax: found[3] });
  const m = /^(\d+)(?:\/(.*))?$/.exec(arg);
  if (!m || Number(m[1]) > 255) return { error: `Unknown ICMP type \`${arg}'` };
  if (m[2] !== undefined && (!/^\d+$/.test(m[2]) || Number(m[2]) > 255))
    return { error: `Unknown ICMP code \`${arg}'` };
  const s = parseIcmpType(m[2] === undefined ? String(Number(m[1])) : `${Number(m[1])}/${Number(m[2])}`);
  return s ? icmpSpecToText(s) : { error: `Unknown ICMP type \`${arg}'` };
}

const MULTIPORT_PROTOS = new Set(["tcp", "udp", "udplite", "sctp", "dccp"]);

/** Parses one option of a match; an error value when the extension refuses it. */
export function parseMatchOption(
  inst: ExtInstance,
  id: number,
  arg: string,
  invert: boolean,
  ctx: ExtContext,
): ParseError | undefined {
  const d = inst.data;
  const neg = <T>(value: T): Neg<T> => ({ value, negated: invert });
  const err = (m: string) => fail(ctx, m);
  if (inst.def.guided) {
    const g = guidedCheck(inst, id, invert);
    if (g) return err(g);
  }
  const mark = () => (inst.xflags |= 1 << id);
  if (RATE_MODULES.has(d.module)) return parseRateOption(inst, id, arg, invert, ctx);
  switch (d.module) {
    case "tcp": {
      const c = String.fromCharCode(id);
      const bit = { "1": 1, "2": 2, "3": 4, "4": 4, "5": 8 }[c]!;
      if (inst.xflags & bit) {
        if (c === "1") return err("Only one `--source-port' allowed");
        if (c === "2") return err("Only one `--destination-port' allowed");
        if (c === "5") return err("Only one `--tcp-option' allowed");
        return err("Only one of `--syn' or `--tcp-flags'  allowed");
      }
      if (c === "1" || c === "2") {
        const r = parsePortRange(arg, "tcp");
        if (!("from" in r)) return usageError(r.message, ctx.prog);
        storePorts(d, c === "1" ? "sport" : "dport", r, invert);
      } else if (c === "3") d.tcpFlags = neg({ mask: ["FIN", "SYN", "RST", "ACK"], comp: ["SYN"] });
      else if (c === "4") {
        const second = ctx.peek();
        if (second === undefined || second.startsWith("-") || second.startsWith("!"))
          return err("--tcp-flags requires two args.");
        const mask = parseTcpFlags(arg);
        if ("unknown" in mask) return err(`Unknown TCP flag \`${mask.unknown}'`);
        const comp = parseTcpFlags(second);
        if ("unknown" in comp) return err(`Unknown TCP flag \`${comp.unknown}'`);
        ctx.take();
        d.tcpFlags = neg({ mask, comp });
      } else {
        const n = strtoul(arg, 1, 255);
        if (n === undefined) return err(`Bad TCP option "${arg}"`);
        d.option = neg(n);
      }
      inst.xflags |= bit;
      return undefined;
    }
    case "udp": {
      const r = parsePortRange(arg, "udp");
      if (!("from" in r)) return usageError(r.message, ctx.prog);
      storePorts(d, id === 0 ? "sport" : "dport", r, invert);
      mark();
      return undefined;
    }
    case "icmp": {
      const t = icmpType(arg);
      if (typeof t !== "string") return err(t.error);
      d.icmpType = neg(t);
      mark();
      return undefined;
    }
    case "icmp6": {
      const t = parseIcmp6Type(arg);
      if (typeof t !== "string") return err(t.error);
      d.icmpv6Type = neg(t);
      mark();
      return undefined;
    }
    case "addrtype": {
      if (id <= 1) {
        if (!(ADDR_TYPES as readonly string[]).includes(arg)) return err(`addrtype: bad type "${arg}"`);
        if (id === 0) d.srcType = neg(arg as AddrType);
        else d.dstType = neg(arg as AddrType);
      }
      mark();
      return undefined;
    }
    case "conntrack":
    case "state": {
      if (id !== 0 && d.module === "conntrack") {
        const r = parseCtOption(id, arg, invert);
        if (!r.ok) return err(r.error);
        d[r.key] = r.value;
        mark();
        return undefined;
      }
      if (id !== 0) return err(`${d.module}: option "--${optionById(inst.def, id)!.name}" is not modelled in this lab`);
      const s = parseStates(arg, d.module);
      if (!Array.isArray(s)) return usageError(s.message, ctx.prog);
      if (d.module === "conntrack") d.ctstate = neg(s);
      else d.state = neg(s);
      mark();
      return undefined;
    }
    case "comment":
      // xt_comment keeps 255 bytes; iptables cuts a longer comment there, silently.
      d.comment = truncateBytes(arg, 255);
      mark();
      return undefined;
    case "multiport": {
      const p = ctx.proto;
      if (p?.negated) return err("multiport only works with TCP, UDP, UDPLITE, SCTP and DCCP");
      if (!p) return err("multiport needs `-p tcp', `-p udp', `-p udplite', `-p sctp' or `-p dccp'");
      if (!MULTIPORT_PROTOS.has(p.value)) return err("multiport only works with TCP, UDP, UDPLITE, SCTP and DCCP");
      const ports: { from: number; to: number }[] = [];
      let slots = 0;
      const parts = arg.split(",");
      for (let i = 0; i < parts.length; i++) {
        if (slots >= 15) return err("too many ports specified");
        const [lo = "", hi] = parts[i]!.split(/:(.*)/s);
        if (hi !== undefined && slots === 14) return err("too many ports specified");
        const from = port(lo, p.value);
        if (from === undefined) return err(`invalid port/service \`${lo}' specified`);
        if (hi === undefined) {
          ports.push({ from, to: from });
          slots++;
          continue;
        }
        const to = port(hi, p.value);
        if (to === undefined) return err(`invalid port/service \`${hi}' specified`);
        if (from >= to) return err("invalid portrange specified");
        ports.push({ from, to });
        slots += 2;
      }
      d.dir = id === 0 ? "sports" : id === 1 ? "dports" : "ports";
      d.ports = ports;
      if (invert) d.negated = true;
      mark();
      return undefined;
    }
    case "iprange": {
      const dash = arg.indexOf("-");
      const lo = dash < 0 ? arg : arg.slice(0, dash);
      const hi = dash < 0 ? arg : arg.slice(dash + 1);
      const opt = id === 0 ? "--src-range" : "--dst-range";
      for (const x of [lo, hi]) {
        if (numericAddr(x) === undefined) return err(`iprange: Bad value for "${opt}" option: "${x}"`);
      }
      const from = numericAddr(lo)!;
      const to = numericAddr(hi)!;
      if ((parseIpv4(from) ?? 0) > (parseIpv4(to) ?? 0))
        ctx.warn(`xt_iprange: range ${from}-${to} is reversed and will never match\n`);
      d[id === 0 ? "src" : "dst"] = neg({ from, to });
      mark();
      return undefined;
    }
    case "limit": {
      if (id === 0) {
        const avg = parseRate(arg);
        if (avg === "fast") return err(`Rate too fast "${arg}"`);
        if (avg === undefined) return err(`bad rate "${arg}"'`);
        d.avg = avg;
      } else {
        const n = strtoul(arg, 0, 10000);
        if (n === undefined) return err(`limit: bad value for option "--limit-burst", or out of range (0-10000).\n`);
        d.burst = n;
      }
      mark();
      return undefined;
    }
    case "mark":
    case "connmark": {
      const mm = markMask(arg);
      if (!mm) return err(`${d.module}: bad integer value for option "--mark", or out of range.\n`);
      d.mark = mm.mark;
      d.mask = mm.mask;
      d.negated = invert;
      mark();
      return undefined;
    }
    case "owner": {
      if (id === 0 || id === 1) {
        const r = ownerRange(arg, id === 0 ? "--uid-owner" : "--gid-owner", id === 0 ? USERS : GROUPS);
        if (typeof r === "string") return err(r);
        d[id === 0 ? "uid" : "gid"] = neg(r);
      } else if (id === 2) d.socketExists = neg(true);
      else {
        if (!d.gid) return err(`owner: Bad value for "--suppl-groups" option: "you need to use --gid-owner first"`);
        return err(`owner: option "--suppl-groups" is not modelled in this lab`);
      }
      mark();
      return undefined;
    }
    case "mac": {
      const parts = arg.split(":");
      const ok = parts.length === 6 && parts.every((x) => /^[0-9a-fA-F]{1,2}$/.test(x));
      if (!ok) return err("Invalid MAC address specified.");
      d.mac = neg(parts.map((x) => x.toLowerCase().padStart(2, "0")).join(":"));
      mark();
      return undefined;
    }
  }
  return undefined;
}

/** nft keeps ports as payload tests: the full range tests nothing, and inverted never matches (the match goes). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a tcp/udp draft
function storePorts(d: any, key: "sport" | "dport", r: { from: number; to: number }, invert: boolean): void {
  const stored = nftPortRange(r, invert);
  if (stored === "drop-match") d.dropped = true;
  else if (stored === undefined) delete d[key];
  else d[key] = stored;
}

function port(text: string, proto: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text) <= 65535 ? Number(text) : undefined;
  return proto === "tcp" || proto === "udp" ? serviceToPort(text) : undefined;
}

/** What a fresh `-m NAME` holds before its options. */
export function initMatch(name: string): object {
  if (RATE_MODULES.has(name)) return initRate(name);
  switch (name) {
    case "comment":
      return { module: name, comment: "" };
    case "multiport":
      return { module: name, dir: "dports", ports: [], negated: false };
    case "limit":
      return { module: name, avg: parseRate("3/hour"), burst: 5 };
    case "mark":
    case "connmark":
      return { module: name, mark: 0, mask: U32, negated: false };
    default:
      return { module: name };
  }
}

/** A match's own final check, then libxtables' (mandatory options, exclusions). */
export function finalMatch(inst: ExtInstance, ctx: ExtContext): ParseError | undefined {
  const d = inst.data;
  if (RATE_MODULES.has(d.module)) return finalRate(inst, ctx);
  const own = (): string | undefined => {
    switch (d.module) {
      case "multiport":
        return inst.xflags === 0 ? "multiport expection an option" : undefined;
      case "iprange":
        return inst.xflags === 0 ? "iprange match: You must specify `--src-range' or `--dst-range'" : undefined;
      case "owner":
        return inst.xflags === 0
          ? "owner: At least one of --uid-owner, --gid-owner or --socket-exists is required"
          : undefined;
      case "conntrack":
        return inst.xflags === 0 ? "conntrack: At least one option is required" : undefined;
      case "addrtype":
        return inst.xflags & 3 ? undefined : "addrtype: you must specify --src-type or --dst-type";
      case "limit":
        if (d.burst === 0) d.burst = 5; // nf_tables' packet limit makes a zero burst its default
        return undefined;
      default:
        return undefined;
    }
  };
  const m = own() ?? (inst.def.guided ? genericFinal(inst) : undefined);
  return m === undefined ? undefined : fail(ctx, m);
}
