/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument --
   a target's draft is the Target being built, shaped by its extension's name at run time */
/**
 * The target half of the extensions' parsers (libxt_REJECT, LOG, NAT, NETMAP,
 * MARK, CONNMARK, CT; libip6t_REJECT for ip6tables): each option read into the
 * form the kernel keeps, every refusal in the extension's own words.
 */
import { optionById } from "./ext-defs.ts";
import { fail, genericFinal, guidedCheck, type ExtContext, type ExtInstance } from "./ext-instance.ts";
import { markMask, strtoul, truncateBytes, U32 } from "./ext-values.ts";
import { isSix, parseReject6, REJECT6_DEFAULT } from "./icmp6.ts";
import { serviceToPort } from "./names.ts";
import { checkNatRange, usageError, type ParseError } from "./rule-values.ts";
import { parseIpv4, formatIpv4, maskOf } from "../ipv4.ts";
import { finalMangle, MANGLE_TARGET_NAMES, parseMangleOption } from "./ext-parse-mangle.ts";

/** What `-j NAME` holds before its options. */
export function initTarget(name: string, prog = "iptables"): object {
  switch (name) {
    case "REJECT":
      return { kind: name, rejectWith: isSix(prog) ? REJECT6_DEFAULT : "icmp-port-unreachable" };
    case "DNAT":
      return { kind: name, toDestination: "" };
    case "SNAT":
      return { kind: name, toSource: "" };
    case "NETMAP":
      return { kind: name, to: "" };
    case "MARK":
      return { kind: name, value: 0, mask: 0 };
    case "CONNMARK":
      return { kind: name, mode: "set", value: 0, ctmask: U32, nfmask: U32, shiftDir: 0, shiftBits: 0 };
    case "CT":
      return { kind: name, notrack: false };
    case "NOTRACK":
      return { kind: "CT", notrack: true, alias: true };
    case "TTL":
      return { kind: name, op: "set", value: 0 };
    case "DSCP":
      return { kind: name, dscp: 0 };
    case "TOS":
      return { kind: name, value: 0, mask: 0 };
    default:
      return { kind: name };
  }
}

const REJECT_ORDER: readonly (readonly [string, string])[] = [
  ["icmp-net-unreachable", "net-unreach"],
  ["icmp-host-unreachable", "host-unreach"],
  ["icmp-proto-unreachable", "proto-unreach"],
  ["icmp-port-unreachable", "port-unreach"],
  ["icmp-net-prohibited", "net-prohib"],
  ["icmp-host-prohibited", "host-prohib"],
  ["tcp-reset", "tcp-rst"],
  ["icmp-admin-prohibited", "admin-prohib"],
];

const LEVELS: Readonly<Record<string, number>> = {
  alert: 1, crit: 2, debug: 7, emerg: 0, error: 3, info: 6, notice: 5, panic: 0, warning: 4,
}; // prettier-ignore

/** Parses one option of the rule's target. */
export function parseTargetOption(
  inst: ExtInstance,
  id: number,
  arg: string,
  invert: boolean,
  ctx: ExtContext,
): ParseError | undefined {
  const t = inst.data;
  const err = (m: string) => fail(ctx, m);
  const g = guidedCheck(inst, id, invert);
  if (g) return err(g);
  inst.xflags |= 1 << id;
  if (MANGLE_TARGET_NAMES.has(t.kind)) {
    const m = parseMangleOption(inst, id, arg);
    return m === undefined ? undefined : err(m);
  }
  const u32 = (name: string) => {
    const n = strtoul(arg);
    return n === undefined
      ? err(`${inst.def.name}: bad value for option "--${name}", or out of range (0-4294967295).\n`)
      : n;
  };
  switch (t.kind) {
    case "REJECT": {
      if (isSix(ctx.prog)) {
        const six = parseReject6(arg);
        if (six === undefined) return err(`unknown reject type "${arg}"`);
        t.rejectWith = six;
        return undefined;
      }
      const lower = arg.toLowerCase();
      const hit = REJECT_ORDER.find(([n, a]) => n.startsWith(lower) || a.startsWith(lower));
      if (!hit) return err(`unknown reject type "${arg}"`);
      t.rejectWith = hit[0];
      return undefined;
    }
    case "LOG":
      if (id === 6) {
        const n = /^[0-7]$/.test(arg) ? Number(arg) : strtoul(arg, 0, 7);
        const level = n ?? (Object.hasOwn(LEVELS, arg) ? LEVELS[arg] : undefined);
        if (level === undefined) return err(`log level "${arg}" unknown\n`);
        if (level === 4) delete t.level;
        else t.level = String(level);
      } else if (id === 7) {
        if (arg.length === 0) return err("Argument must have a minimum length of 1 characters\n");
        if (arg.includes("\n")) return err("Newlines not allowed in --log-prefix");
        // xt_LOG keeps 29 bytes of prefix; iptables cuts a longer one there, silently.
        t.prefix = truncateBytes(arg, 29);
      } else t.flags = (t.flags ?? 0) | (1 << id);
      return undefined;
    case "DNAT":
    case "SNAT": {
      if (id === 3 || id === 4 || id === 5) {
        t.natFlags = (t.natFlags ?? 0) | (1 << (id - 3));
        return undefined;
      }
      const r = checkNatRange(arg, t.kind, isSix(ctx.prog));
      if (typeof r !== "string") return usageError(r.message, ctx.prog);
      if (r === "port" && !portProto(ctx)) return err("Need TCP, UDP, SCTP or DCCP with port specification");
      if (t.kind === "DNAT") t.toDestination = arg;
      else t.toSource = arg;
      return undefined;
    }
    case "MASQUERADE":
    case "REDIRECT": {
      if (id === 3 || id === 4) {
        t.natFlags = (t.natFlags ?? 0) | (1 << (id - 3));
        return undefined;
      }
      if (!portProto(ctx)) return err("Need TCP, UDP, SCTP or DCCP with port specification");
      // libxt_NAT's parse_ports: a number (base 0) or a service, then `-max`.
      let p = strtoulPrefix(arg, 65535);
      if (!p) {
        const svc = serviceToPort(arg);
        if (svc === undefined) return err(`Port \`${arg}' not valid`);
        p = { n: svc, rest: "" };
      }
      if (p.rest === "") {
        t.toPorts = String(p.n);
        return undefined;
      }
      if (p.rest[0] === ":") return err("Invalid port:port syntax - use dash");
      if (p.rest[0] !== "-") return err(`Garbage after port value: \`${p.rest}'`);
      const maxArg = p.rest.slice(1);
      const q = strtoulPrefix(maxArg, 65535);
      if (!q) return err(`Port \`${maxArg}' not valid`);
      if (q.n < p.n) return err(`Port range \`${maxArg}' funky`);
      if (q.rest !== "") return err(`Garbage after port range: \`${q.rest}'`);
      t.toPorts = `${p.n}-${q.n}`;
      return undefined;
    }
    case "NETMAP": {
      const slash = arg.indexOf("/");
      const host = slash < 0 ? arg : arg.slice(0, slash);
      const addr = parseIpv4(host);
      if (addr === null || !/^\d+\.\d+\.\d+\.\d+$/.test(host))
        return err("getaddrinfo: Temporary failure in name resolution\n");
      let len = 32;
      if (slash >= 0) {
        const p = arg.slice(slash + 1);
        const dotted = parseIpv4(p);
        if (/^\d+$/.test(p)) len = Math.min(32, Number(p));
        else if (dotted !== null && /^1*0*$/.test(dotted.toString(2).padStart(32, "0")))
          len = dotted.toString(2).replace(/0+$/, "").length;
        else return err(`NETMAP: bad value for option "--to", neither a valid network mask nor valid CIDR (0-32).\n`);
      }
      t.to = `${formatIpv4((addr & maskOf(len)) >>> 0)}/${len}`;
      return undefined;
    }
    case "MARK":
    case "CONNMARK": {
      const name = optionById(inst.def, id)!.name;
      const setLike = t.kind === "MARK" ? id === 4 || id === 0 : id === 8 || id === 0;
      if (setLike) {
        const mm = markMask(arg);
        if (!mm) return err(`${inst.def.name}: bad integer value for option "--${name}", or out of range.\n`);
        const xset = t.kind === "MARK" ? id === 4 : id === 8;
        setMark(t, mm.mark, xset ? mm.mask : mm.mark | mm.mask);
        return undefined;
      }
      if (t.kind === "CONNMARK" && (id === 1 || id === 2)) {
        t.mode = id === 1 ? "save" : "restore";
        return undefined;
      }
      if (t.kind === "CONNMARK" && (id === 6 || id === 7)) {
        const n = strtoul(arg, 0, 32);
        if (n === undefined) return err(`CONNMARK: bad value for option "--${name}", or out of range (0-32).\n`);
        t.shiftDir = id === 6 ? 0 : 1;
        t.shiftBits = n;
        return undefined;
      }
      const n = u32(name);
      if (typeof n !== "number") return n;
      if (t.kind === "CONNMARK" && id >= 9) {
        if (id === 9 || id === 11) t.ctmask = n;
        if (id === 10 || id === 11) t.nfmask = n;
        return undefined;
      }
      const op = t.kind === "MARK" ? ["", "and", "or", "xor"][id] : ["", "", "", "and", "or", "xor"][id];
      if (op === "and") setMark(t, 0, ~n >>> 0);
      else if (op === "or") setMark(t, n, n);
      else setMark(t, n, 0);
      return undefined;
    }
    case "CT":
      if (id === 0) t.notrack = true;
      else if (id === 5) {
        const n = strtoul(arg, 0, 65535);
        if (n === undefined) return err(`CT: bad value for option "--zone", or out of range (0-65535).\n`);
        t.zone = n;
      } else t.unsupported = optionById(inst.def, id)!.name;
      return undefined;
  }
  return undefined;
}

function setMark(
  t: { kind: string; value: number; mask?: number; ctmask?: number; mode?: string },
  value: number,
  mask: number,
) {
  t.value = value >>> 0;
  if (t.kind === "MARK") t.mask = mask >>> 0;
  else {
    t.mode = "set";
    t.ctmask = mask >>> 0;
  }
}

/** strtoul(base 0) reading a prefix, as xtables_strtoui with an end pointer does. */
export function strtoulPrefix(text: string, max: number): { n: number; rest: string } | undefined {
  const m = /^\s*\+?(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)/.exec(text);
  if (!m) return undefined;
  const n = strtoul(m[1]!, 0, max);
  return n === undefined ? undefined : { n, rest: text.slice(m[0].length) };
}

/** libxt_NAT: ports only with a port protocol given so far (`!` is not looked at). */
function portProto(ctx: ExtContext): boolean {
  return ["tcp", "udp", "sctp", "dccp", "icmp"].includes(ctx.proto?.value ?? "");
}

/** The target's own final check, then libxtables'. */
export function finalTarget(inst: ExtInstance, ctx: ExtContext): ParseError | undefined {
  const t = inst.data;
  let m: string | undefined;
  if (t.kind === "MARK" && inst.xflags === 0)
    m = "MARK: One of the --set-xmark, --{and,or,xor,set}-mark options is required";
  else if (
    t.kind === "CONNMARK" &&
    !(inst.xflags & ((1 << 0) | (1 << 1) | (1 << 2) | (1 << 3) | (1 << 4) | (1 << 5) | (1 << 8)))
  )
    m = "CONNMARK target: No operation specified";
  else if (MANGLE_TARGET_NAMES.has(t.kind)) m = genericFinal(inst) ?? finalMangle(inst);
  m ??= genericFinal(inst);
  return m === undefined ? undefined : fail(ctx, m);
}
