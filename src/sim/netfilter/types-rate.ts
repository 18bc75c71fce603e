/**
 * The matches and targets hardening guides add to a published port, as the kernel
 * keeps them (xt_hashlimit, xt_recent, xt_connlimit, xt_ttl, xt_length, xt_string,
 * xt_statistic, xt_time; xt_TTL, xt_DSCP, xt_TOS, xt_TCPMSS): values in the units
 * their save form prints back.
 */
import type { Neg } from "./types.ts";

/** hashlimit's mode bits, in the order libxt_hashlimit prints them. */
export const HASHLIMIT_MODES = ["srcip", "srcport", "dstip", "dstport"] as const;

export type RateMatch =
  | {
      readonly module: "hashlimit";
      /** `--hashlimit-above`: matches once over the rate (the kernel's XT_HASHLIMIT_INVERT). */
      readonly above: boolean;
      /** The period between packets in 1/1000000 s (XT_HASHLIMIT_SCALE_v2). */
      readonly avg: number;
      readonly burst: number;
      /** Bits of HASHLIMIT_MODES. */
      readonly mode: number;
      readonly name: string;
      readonly srcmask: number;
      readonly dstmask: number;
      readonly size?: number;
      readonly max?: number;
      readonly gcinterval?: number;
      readonly expire?: number;
    }
  | {
      readonly module: "recent";
      readonly op: "set" | "rcheck" | "update" | "remove";
      readonly negated: boolean;
      readonly seconds: number;
      readonly reap: boolean;
      readonly hitcount: number;
      readonly rttl: boolean;
      readonly name: string;
      readonly mask: string;
      readonly side: "source" | "dest";
    }
  | {
      readonly module: "connlimit";
      /** `--connlimit-above N` (true) or `--connlimit-upto N`. */
      readonly above: boolean;
      readonly limit: number;
      readonly mask: number;
      readonly daddr: boolean;
    }
  | { readonly module: "ttl"; readonly op: "eq" | "ne" | "lt" | "gt"; readonly value: number }
  | { readonly module: "length"; readonly min: number; readonly max: number; readonly negated: boolean }
  | {
      readonly module: "string";
      readonly algo: string;
      readonly pattern: Neg<string>;
      readonly from: number;
      readonly to: number;
      readonly icase: boolean;
    }
  | {
      readonly module: "statistic";
      readonly mode: "random" | "nth";
      readonly negated: boolean;
      /** random: the probability as the kernel's 31-bit fraction. */
      readonly probability: number;
      /** nth: every-1 and the starting packet, as libxt_statistic stores them. */
      readonly every: number;
      readonly packet: number;
    }
  | {
      readonly module: "time";
      /** Seconds into the day. */
      readonly timeStart: number;
      readonly timeStop: number;
      /** Bit i set: day i+1 of the month (1..31). */
      readonly monthdays: number;
      /** Bit i set: weekday i+1 (Mon=1 .. Sun=7). */
      readonly weekdays: number;
      /** Unix seconds. */
      readonly dateStart: number;
      readonly dateStop: number;
      readonly kerneltz: boolean;
      readonly contiguous: boolean;
    };

export type MangleTarget =
  | { readonly kind: "TTL"; readonly op: "set" | "inc" | "dec"; readonly value: number }
  | { readonly kind: "DSCP"; readonly dscp: number }
  | { readonly kind: "TOS"; readonly value: number; readonly mask: number }
  | { readonly kind: "TCPMSS"; readonly mss?: number };

export const TIME_ALL_MONTHDAYS = 0x7fffffff;
export const TIME_ALL_WEEKDAYS = 0x7f;
export const TIME_MAX_DAYTIME = 24 * 3600 - 1;
/** libxt_time's default --datestop: the largest 32-bit time_t. */
export const TIME_DATE_MAX = 0x7fffffff;
