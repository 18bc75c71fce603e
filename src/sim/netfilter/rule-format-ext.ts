/**
 * How iptables 1.8.9 prints the extensions beyond Docker's own rules, in its
 * save form (`-S`, iptables-save) and its listing form (`-L`, with and
 * without -n), as each libxt_*.c prints them.
 */
import { formatRate, GROUPS, USERS } from "./ext-values.ts";
import { portToService } from "./names.ts";
import type { Match, Neg, Target } from "./types.ts";

type ExtMatch = Extract<Match, { module: "multiport" | "iprange" | "limit" | "mark" | "connmark" | "owner" | "mac" }>;
type ExtTarget = Extract<Target, { kind: "REDIRECT" | "NETMAP" | "MARK" | "CONNMARK" | "CT" }>;

export function isExtMatch(m: Match): m is ExtMatch {
  return ["multiport", "iprange", "limit", "mark", "connmark", "owner", "mac"].includes(m.module);
}

export function isExtTarget(t: Target): t is ExtTarget {
  return ["REDIRECT", "NETMAP", "MARK", "CONNMARK", "CT"].includes(t.kind);
}

/** NF_NAT_RANGE_* flags as __NAT_print names them. */
export function natFlagText(flags: number | undefined, prefix: string): string {
  const f = flags ?? 0;
  return (
    (f & 1 ? ` ${prefix}random` : "") + (f & 2 ? ` ${prefix}random-fully` : "") + (f & 4 ? ` ${prefix}persistent` : "")
  );
}

const hex = (n: number) => "0x" + (n >>> 0).toString(16);
const inv = (n: { negated: boolean } | undefined) => (n?.negated ? "! " : "");

function multiportList(m: Extract<Match, { module: "multiport" }>, name: (p: number) => string): string {
  return m.ports.map((r) => (r.from === r.to ? name(r.from) : `${name(r.from)}:${name(r.to)}`)).join(",");
}

function idRange(v: Neg<{ from: number; to: number }>, names: Readonly<Record<string, number>> | undefined): string {
  const { from, to } = v.value;
  if (from !== to) return `${from}-${to}`;
  if (names) for (const [n, id] of Object.entries(names)) if (id === from) return n;
  return String(from);
}

const USERS_BY_ID = (() => {
  const out: Record<string, number> = {};
  for (const [n, id] of Object.entries(USERS)) if (!Object.values(out).includes(id)) out[n] = id;
  return out;
})();

export function saveExtMatch(m: ExtMatch): string {
  const out = [`-m ${m.module}`];
  switch (m.module) {
    case "multiport":
      out.push(`${m.negated ? "! " : ""}--${m.dir} ${multiportList(m, String)}`);
      break;
    case "iprange":
      if (m.src) out.push(`${inv(m.src)}--src-range ${m.src.value.from}-${m.src.value.to}`);
      if (m.dst) out.push(`${inv(m.dst)}--dst-range ${m.dst.value.from}-${m.dst.value.to}`);
      break;
    case "limit":
      out.push(`--limit ${formatRate(m.avg)}`);
      if (m.burst !== 5) out.push(`--limit-burst ${m.burst}`);
      break;
    case "mark":
    case "connmark":
      out.push(`${m.negated ? "! " : ""}--mark ${hex(m.mark)}${m.mask === 0xffffffff ? "" : "/" + hex(m.mask)}`);
      break;
    case "owner":
      if (m.socketExists) out.push(`${inv(m.socketExists)}--socket-exists`);
      if (m.uid) out.push(`${inv(m.uid)}--uid-owner ${idRange(m.uid, undefined)}`);
      if (m.gid) out.push(`${inv(m.gid)}--gid-owner ${idRange(m.gid, undefined)}`);
      break;
    case "mac":
      out.push(`${inv(m.mac)}--mac-source ${m.mac.value}`);
      break;
  }
  return out.join(" ");
}

export function printExtMatch(m: ExtMatch, numeric: boolean, proto: string | undefined): string {
  switch (m.module) {
    case "multiport": {
      const name = (p: number) =>
        (!numeric && (proto === "tcp" || proto === "udp") ? portToService(p, proto) : undefined) ?? String(p);
      return ` multiport ${m.dir} ${m.negated ? " !" : ""}${multiportList(m, name)}`;
    }
    case "iprange": {
      let s = "";
      if (m.src) s += ` source IP range${m.src.negated ? " !" : ""} ${m.src.value.from}-${m.src.value.to}`;
      if (m.dst) s += ` destination IP range${m.dst.negated ? " !" : ""} ${m.dst.value.from}-${m.dst.value.to}`;
      return s;
    }
    case "limit":
      return ` limit: avg ${formatRate(m.avg)} burst ${m.burst}`;
    case "mark":
      return ` mark match ${m.negated ? "! " : ""}${hex(m.mark)}${m.mask === 0xffffffff ? "" : "/" + hex(m.mask)}`;
    case "connmark":
      // libxt_connmark prints "connmark match ", the "!", then " 0x7" with its own space.
      return ` connmark match ${m.negated ? "!" : ""} ${hex(m.mark)}${m.mask === 0xffffffff ? "" : "/" + hex(m.mask)}`;
    case "owner": {
      let s = "";
      if (m.socketExists) s += `${m.socketExists.negated ? " !" : ""} owner socket exists`;
      if (m.uid)
        s += `${m.uid.negated ? " !" : ""} owner UID match ${idRange(m.uid, numeric ? undefined : USERS_BY_ID)}`;
      if (m.gid) s += `${m.gid.negated ? " !" : ""} owner GID match ${idRange(m.gid, numeric ? undefined : GROUPS)}`;
      return s;
    }
    case "mac":
      return ` MAC ${m.mac.negated ? "! " : ""}${m.mac.value}`;
  }
}

export function saveExtTarget(t: ExtTarget): string {
  switch (t.kind) {
    case "REDIRECT":
      return `-j REDIRECT${t.toPorts !== undefined ? ` --to-ports ${t.toPorts}` : ""}${natFlagText(t.natFlags, "--")}`;
    case "NETMAP":
      return `-j NETMAP --to ${t.to}`;
    case "MARK":
      return `-j MARK --set-xmark ${hex(t.value)}/${hex(t.mask)}`;
    case "CONNMARK": {
      let s = "-j CONNMARK";
      if (t.mode === "set") s += ` --set-xmark ${hex(t.value)}/${hex(t.ctmask)}`;
      else s += ` --${t.mode}-mark --nfmask ${hex(t.nfmask)} --ctmask ${hex(t.ctmask)}`;
      if (t.shiftBits !== 0) s += ` --${t.shiftDir === 0 ? "left" : "right"}-shift-mark ${t.shiftBits}`;
      return s;
    }
    case "CT":
      if (t.alias) return "-j NOTRACK";
      return `-j CT${t.notrack ? " --notrack" : ""}${t.zone ? ` --zone ${t.zone}` : ""}`;
  }
}

function markOp(name: string, value: number, mask: number): string {
  if (value === 0) return ` ${name} and ${hex(~mask)}`;
  if (value === mask) return ` ${name} or ${hex(value)}`;
  if (mask === 0) return ` ${name} xor ${hex(value)}`;
  if (mask >>> 0 === 0xffffffff) return ` ${name} set ${hex(value)}`;
  return ` ${name} xset ${hex(value)}/${hex(mask)}`;
}

export function printExtTarget(t: ExtTarget): string {
  switch (t.kind) {
    case "REDIRECT":
      return `${t.toPorts !== undefined ? ` redir ports ${t.toPorts}` : ""}${natFlagText(t.natFlags, "")}`;
    case "NETMAP":
      return ` to:${t.to}`;
    case "MARK":
      return markOp("MARK", t.value, t.mask);
    case "CONNMARK": {
      let s: string;
      if (t.mode === "set") s = markOp("CONNMARK", t.value, t.ctmask);
      else {
        const [a, b, an, bn] =
          t.mode === "save" ? [t.nfmask, t.ctmask, "nfmask", "ctmask"] : [t.ctmask, t.nfmask, "ctmask", "nfmask"];
        if (a === 0xffffffff && b === 0xffffffff) s = ` CONNMARK ${t.mode}`;
        else if (a === b) s = ` CONNMARK ${t.mode} mask ${hex(a)}`;
        else s = ` CONNMARK ${t.mode} ${an} ${hex(a)} ${bn} ~${hex(b)}`;
      }
      if (t.shiftBits !== 0) s += ` ${t.shiftDir === 0 ? "left" : "right"}-shift-mark ${t.shiftBits}`;
      return s;
    }
    case "CT":
      if (t.alias) return " NOTRACK";
      return ` CT${t.notrack ? " notrack" : ""}${t.zone ? ` zone ${t.zone}` : ""}`;
  }
}
