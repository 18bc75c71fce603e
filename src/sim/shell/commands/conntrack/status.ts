/**
 * `-u`'s status words as conntrack-tools 1.4.7 reads them (parse_parameter_mask): each word a
 * case-insensitive prefix of one of its seven names, `!` to want a bit clear, `UNREPLIED` for
 * SEEN_REPLY clear, and SRC_NAT/DST_NAT only warned about. The result is the kernel's dump
 * filter, `(status & mask) == value`.
 */
import type { ConntrackEntry } from "../../../netfilter/conntrack-types.ts";

const ASSURED = 1 << 2;
const SEEN_REPLY = 1 << 1;
/** The names in conntrack.c's order (the first a word is a prefix of wins), with their bits. */
const NAMES: readonly (readonly [string, number])[] = [
  ["ASSURED", ASSURED],
  ["SEEN_REPLY", SEEN_REPLY],
  ["UNSET", 0],
  ["FIXED_TIMEOUT", 1 << 10],
  ["EXPECTED", 1 << 0],
  ["OFFLOAD", 1 << 14],
  ["HW_OFFLOAD", 1 << 15],
];
const IGNORED = ["SRC_NAT", "DST_NAT"] as const;

export interface StatusFilter {
  readonly value: number;
  readonly mask: number;
  /** What conntrack printed on stderr while it read the words. */
  readonly warnings: string;
}

/** The status bits the lab's entries can have. */
export function statusBits(e: ConntrackEntry): number {
  return (e.assured ? ASSURED : 0) | (e.seenReply ? SEEN_REPLY : 0);
}

/** do_parse_parameter: the bits a word names, a warning, or nothing it knows. */
function word(w: string): { bits: number; warning?: string } | undefined {
  const prefixOf = (name: string) =>
    w.length <= name.length && name.slice(0, w.length).toUpperCase() === w.toUpperCase();
  for (const name of IGNORED)
    if (prefixOf(name))
      return { bits: 0, warning: `WARNING: ignoring ${name}, use --${name.toLowerCase().replace("_", "-")} instead\n` };
  const hit = NAMES.find(([name]) => prefixOf(name));
  return hit ? { bits: hit[1] } : undefined;
}

/** `-u WORD[,WORD…]`: the filter, or conntrack's complaint (which names the rest of the list from the bad word). */
export function parseStatus(arg: string): StatusFilter | { readonly error: string; readonly warnings: string } {
  let value = 0;
  let mask = 0;
  let warnings = "";
  let rest = arg;
  for (let guard = 0; guard < 64; guard++) {
    const comma = rest.indexOf(",");
    const last = comma < 0;
    if (!last && comma === 0) return { error: `Bad parameter \`${rest}'`, warnings };
    const negated = rest.startsWith("!");
    if (negated) rest = rest.slice(1);
    const end = last ? rest.length : rest.indexOf(",");
    if (!last && end === 0) return { error: `Bad parameter \`${rest}'`, warnings };
    const text = rest.slice(0, end);
    if (!negated && rest.startsWith("UNREPLIED")) mask |= SEEN_REPLY;
    else {
      const got = text === "" ? undefined : word(text);
      if (!got) return { error: `Bad parameter \`${rest}'`, warnings };
      if (got.warning) warnings += got.warning;
      if (negated) mask |= got.bits;
      else value |= got.bits;
    }
    if (last) break;
    rest = rest.slice(end + 1);
  }
  return { value, mask: mask === 0 ? value : mask, warnings };
}
