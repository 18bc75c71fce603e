/**
 * tcpdump 4.99.3's command line (getopt_long, which lets options follow the
 * expression), its texts (usage, version, the header it prints when it starts, the
 * counts it prints when it stops) and its errors, as the oracle's tcpdump prints them.
 */
import type { TcpdumpOptions } from "./types.ts";

export const VERSION_TEXT = `tcpdump version 4.99.3
libpcap version 1.10.3 (with TPACKET_V3)
OpenSSL 3.0.19 27 Jan 2026
`;

export const USAGE_TEXT = `Usage: tcpdump [-AbdDefhHIJKlLnNOpqStuUvxX#] [ -B size ] [ -c count ] [--count]
\t\t[ -C file_size ] [ -E algo:secret ] [ -F file ] [ -G seconds ]
\t\t[ -i interface ] [ --immediate-mode ] [ -j tstamptype ]
\t\t[ -M secret ] [ --number ] [ --print ] [ -Q in|out|inout ]
\t\t[ -r file ] [ -s snaplen ] [ -T type ] [ --version ]
\t\t[ -V file ] [ -w file ] [ -W filecount ] [ -y datalinktype ]
\t\t[ --time-stamp-precision precision ] [ --micro ] [ --nano ]
\t\t[ -z postrotate-command ] [ -Z user ] [ expression ]
`;

const FLAGS = "AbdDefhHIJKlLnNOpqStuUvxX#";
const WITH_ARG = "BcCEFGijMQrsTVwWyzZ";
const LONG_FLAGS: Readonly<Record<string, string>> = {
  "--version": "version",
  "--help": "h",
  "--count": "count",
  "--number": "#",
  "--print": "print",
  "--immediate-mode": "immediate",
  "--list-interfaces": "D",
  "--micro": "micro",
  "--nano": "nano",
};
const LONG_ARG: Readonly<Record<string, string>> = {
  "--interface": "i",
  "--time-stamp-precision": "precision",
  "--relinquish-privileges": "Z",
  "--snapshot-length": "s",
  "--direction": "Q",
};

export type Parsed =
  | {
      readonly kind: "run";
      readonly opts: Omit<TcpdumpOptions, "filter" | "iface">;
      readonly iface?: string;
      /** `-r FILE`: read packets from a file instead of listening. */
      readonly read?: string;
    }
  | { readonly kind: "version" }
  | { readonly kind: "help" }
  | { readonly kind: "list" }
  | { readonly kind: "error"; readonly stderr: string; readonly exitCode: number };

const usageError = (msg: string): Parsed => ({
  kind: "error",
  stderr: `tcpdump: ${msg}\n${VERSION_TEXT}${USAGE_TEXT}`,
  exitCode: 1,
});
const plainError = (msg: string): Parsed => ({ kind: "error", stderr: `tcpdump: ${msg}\n`, exitCode: 1 });

export function parseTcpdumpArgs(argv: readonly string[]): Parsed {
  const seen: Record<string, number> = {};
  const values: Record<string, string> = {};
  const words: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") {
      words.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith("--")) {
      const [name, inline] = a.includes("=")
        ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)]
        : [a, undefined];
      const long = Object.keys({ ...LONG_FLAGS, ...LONG_ARG }).filter((k) => k.startsWith(name));
      const exact = long.includes(name) ? name : long.length === 1 ? long[0]! : undefined;
      if (exact === undefined) {
        if (long.length > 1) return usageError(`option '${name}' is ambiguous`);
        return usageError(`unrecognized option '${a}'`);
      }
      if (Object.hasOwn(LONG_FLAGS, exact)) {
        if (inline !== undefined) return usageError(`option '${exact}' doesn't allow an argument`);
        seen[LONG_FLAGS[exact]!] = (seen[LONG_FLAGS[exact]!] ?? 0) + 1;
      } else {
        const v = inline ?? argv[++i];
        if (v === undefined) return usageError(`option '${exact}' requires an argument`);
        values[LONG_ARG[exact]!] = v;
      }
      continue;
    }
    if (a.startsWith("-") && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j]!;
        if (FLAGS.includes(c)) seen[c] = (seen[c] ?? 0) + 1;
        else if (WITH_ARG.includes(c)) {
          const v = j + 1 < a.length ? a.slice(j + 1) : argv[++i];
          if (v === undefined) return usageError(`option requires an argument -- '${c}'`);
          values[c] = v;
          break;
        } else return usageError(`invalid option -- '${c}'`);
      }
      continue;
    }
    words.push(a);
  }
  if (seen["version"]) return { kind: "version" };
  if (seen["h"]) return { kind: "help" };
  if (seen["D"]) return { kind: "list" };
  let count: number | undefined;
  if (values["c"] !== undefined) {
    const v = values["c"];
    if (!/^\d+$/.test(v) || Number(v) <= 0 || Number(v) > 2147483647) return plainError(`invalid packet count ${v}`);
    count = Number(v);
  }
  let direction: TcpdumpOptions["direction"] = "inout";
  if (values["Q"] !== undefined) {
    const q = values["Q"];
    if (q !== "in" && q !== "out" && q !== "inout") return plainError(`unknown capture direction '${q}'`);
    direction = q;
  }
  if (values["s"] !== undefined && !/^\d+$/.test(values["s"])) return plainError(`invalid snaplen ${values["s"]}`);
  return {
    kind: "run",
    ...(values["i"] !== undefined ? { iface: values["i"] } : {}),
    ...(values["r"] !== undefined ? { read: values["r"] } : {}),
    opts: {
      ...(values["w"] !== undefined ? { write: values["w"] } : {}),
      ...(count !== undefined ? { count } : {}),
      link: (seen["e"] ?? 0) > 0,
      verbose: seen["v"] ?? 0,
      quick: (seen["q"] ?? 0) > 0,
      // tcpdump takes the last of -A, -x, -X it reads; the lab, -X over -x over -A.
      ...(seen["X"]
        ? { dump: "X" as const }
        : seen["x"]
          ? { dump: "x" as const }
          : seen["A"]
            ? { dump: "A" as const }
            : {}),
      timestamps: seen["t"] ?? 0,
      absolute: (seen["S"] ?? 0) > 0,
      numeric: seen["n"] ?? 0,
      number: (seen["#"] ?? 0) > 0,
      promiscuous: (seen["p"] ?? 0) === 0,
      direction,
      expression: words.join(" "),
    },
  };
}

/** The link type tcpdump names for an interface: `any` is cooked, the others Ethernet. */
export function linkType(iface: string): string {
  return iface === "any" ? "LINUX_SLL2 (Linux cooked v2)" : "EN10MB (Ethernet)";
}

/** What tcpdump prints on stderr as it starts listening. */
export function headerText(o: TcpdumpOptions): string {
  const any = o.iface === "any";
  const link = any ? "LINUX_SLL2 (Linux cooked v2)" : "EN10MB (Ethernet)";
  let out = any ? "tcpdump: data link type LINUX_SLL2\n" : "";
  // Writing to a file, it decodes nothing, so it has no verbosity to suggest.
  const quiet = o.verbose === 0 && o.write === undefined;
  if (quiet) out += "tcpdump: verbose output suppressed, use -v[v]... for full protocol decode\n";
  out += `${quiet ? "" : "tcpdump: "}listening on ${o.iface}, link-type ${link}, snapshot length 262144 bytes\n`;
  return out;
}

const plural = (n: number, what: string) => `${n} packet${n === 1 ? "" : "s"} ${what}\n`;

/** The counts tcpdump prints on stderr as it stops. */
export function statsText(captured: number, received: number): string {
  return plural(captured, "captured") + plural(received, "received by filter") + plural(0, "dropped by kernel");
}

/** `tcpdump -n -i IFACE` with nothing else asked for. */
export function plainOptions(iface: string): TcpdumpOptions {
  return {
    iface,
    link: false,
    verbose: 0,
    quick: false,
    timestamps: 0,
    absolute: false,
    numeric: 1,
    number: false,
    promiscuous: true,
    direction: "inout",
    expression: "",
  };
}
