/**
 * The values libxtables and the extensions read and print (base-0 numbers, marks,
 * users and groups, dotted addresses, limit rates), shared by the match and target
 * parsers and the printers.
 */
export const LIMIT_SCALE = 10000;
export const U32 = 0xffffffff;

/** libxtables' strtoul with base 0 (hex `0x`, octal `0`, decimal), whole string, within [min, max]. */
export function strtoul(text: string, min = 0, max = U32): number | undefined {
  const m = /^\s*\+?(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.exec(text);
  if (!m) return undefined;
  const s = m[1]!;
  const n = /^0[xX]/.test(s) ? parseInt(s.slice(2), 16) : s.length > 1 && s[0] === "0" ? parseInt(s, 8) : Number(s);
  return Number.isFinite(n) && n >= min && n <= max ? n : undefined;
}

/** xtables_parse_mark_mask: `value[/mask]`, the mask 0xffffffff when absent. */
export function markMask(arg: string): { mark: number; mask: number } | undefined {
  const slash = arg.indexOf("/");
  const mark = strtoul(slash < 0 ? arg : arg.slice(0, slash));
  if (mark === undefined) return undefined;
  if (slash < 0) return { mark, mask: U32 };
  const mask = strtoul(arg.slice(slash + 1));
  return mask === undefined ? undefined : { mark, mask };
}

/** Users and groups Debian 12's /etc/passwd and /etc/group name (getpwnam, getgrnam). */
export const USERS: Readonly<Record<string, number>> = {
  root: 0, daemon: 1, bin: 2, sys: 3, sync: 4, games: 5, man: 6, lp: 7, mail: 8, news: 9, uucp: 10, proxy: 13,
  "www-data": 33, backup: 34, list: 38, irc: 39, _apt: 42, nobody: 65534,
}; // prettier-ignore
export const GROUPS: Readonly<Record<string, number>> = {
  root: 0, daemon: 1, bin: 2, sys: 3, adm: 4, tty: 5, disk: 6, lp: 7, mail: 8, news: 9, uucp: 10, man: 12, proxy: 13,
  kmem: 15, dialout: 20, fax: 21, voice: 22, cdrom: 24, floppy: 25, tape: 26, sudo: 27, audio: 29, dip: 30,
  "www-data": 33, backup: 34, operator: 37, list: 38, irc: 39, src: 40, shadow: 42, utmp: 43, video: 44, sasl: 45,
  plugdev: 46, staff: 50, games: 60, users: 100, nogroup: 65534,
}; // prettier-ignore

export function ownerRange(arg: string, opt: string, names: Readonly<Record<string, number>>) {
  if (Object.hasOwn(names, arg)) return { from: names[arg]!, to: names[arg]! };
  const m = /^(\w+)(?:[-:](\w+))?$/.exec(arg);
  const from = m ? strtoul(m[1]!, 0, U32 - 1) : undefined;
  const to = m?.[2] === undefined ? from : strtoul(m[2], 0, U32 - 1);
  if (from === undefined || to === undefined) return `owner: Bad value for "${opt}" option: "${arg}"`;
  return { from, to };
}

/** xtables_numeric_to_ipaddr: dotted, with short forms (`1.2.3` is 1.2.3.0). */
export function numericAddr(text: string): string | undefined {
  const parts = text.split(".");
  if (parts.length > 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  const b = [...parts.map(Number), 0, 0, 0].slice(0, 4);
  return b.join(".");
}

/** The longest head of `s` that fits in `max` UTF-8 bytes (C's strncpy would cut a character; the kernel keeps bytes). */
export function truncateBytes(s: string, max: number): string {
  let n = 0;
  let out = "";
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    const len = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    if (n + len > max) break;
    n += len;
    out += ch;
  }
  return out;
}

/**
 * `N[/second|minute|hour|day]` (any prefix of the unit) as libxt_limit's and libxt_hashlimit's
 * parse_rate read it: the count and the unit's seconds; undefined for a bad unit or no count.
 */
export function rateParts(text: string): { readonly r: number; readonly mult: number } | undefined {
  const slash = text.indexOf("/");
  let mult = 1;
  if (slash >= 0) {
    const unit = text.slice(slash + 1).toLowerCase();
    if (unit.length === 0) return undefined;
    if ("second".startsWith(unit)) mult = 1;
    else if ("minute".startsWith(unit)) mult = 60;
    else if ("hour".startsWith(unit)) mult = 3600;
    else if ("day".startsWith(unit)) mult = 86400;
    else return undefined;
  }
  const r = parseInt(text, 10) || 0;
  if (!r) return undefined;
  return { r, mult };
}

/** libxt_limit's parse_rate, then the round trip through nf_tables' limit expression. */
export function parseRate(text: string): number | "fast" | undefined {
  const parts = rateParts(text);
  if (!parts) return undefined;
  const { r, mult } = parts;
  const avg = Math.floor((LIMIT_SCALE * mult) / r);
  if (avg === 0) return "fast";
  // nf_tables keeps a rate per unit, and iptables-nft reads it back as a period.
  const units = [86400, 3600, 60, 1].map((s) => s * LIMIT_SCALE);
  let i = 1;
  for (; i < units.length; i++) if (avg > units[i]! || Math.floor(units[i]! / avg) < units[i]! % avg) break;
  const rate = Math.floor(units[i - 1]! / avg);
  return Math.floor((LIMIT_SCALE * (units[i - 1]! / LIMIT_SCALE)) / rate);
}

/**
 * The period iptables prints for a limit: `3/min`, the largest unit the period divides into
 * a whole rate (libxt_limit's print_rate; libxt_hashlimit's is the same at its own scale).
 */
export function formatRate(avg: number, scale = LIMIT_SCALE): string {
  const rates: [string, number][] = [
    ["day", 86400 * scale],
    ["hour", 3600 * scale],
    ["min", 60 * scale],
    ["sec", scale],
  ];
  let i = 1;
  for (; i < rates.length; i++) if (avg > rates[i]![1] || Math.floor(rates[i]![1] / avg) < rates[i]![1] % avg) break;
  return `${Math.floor(rates[i - 1]![1] / avg)}/${rates[i - 1]![0]}`;
}
