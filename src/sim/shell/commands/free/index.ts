/**
 * `free [-h|-k|-m|-g|-b]`: the host's memory (a container sees the host's), the size
 * `docker info` reports, no swap. A snapshot of a quiet host: the numbers do not move.
 */
import type { Command } from "../../command.ts";
import { isBusybox, machineOf } from "../../machine.ts";
import { flag, type CommandModule } from "../../spec.ts";

/** KiB: total as `docker info`'s Total Memory (25,275,592,704 bytes), the rest as the oracle's quiet host showed. */
const TOTAL = 24_683_196;
const USED = 493_648;
const SHARED = 9_756;
const CACHE = 798_980;
const AVAILABLE = 24_189_548;

/** /proc/meminfo's fields busybox top reads (KiB): buffers are part of free's buff/cache. */
export const MEMINFO = {
  total: TOTAL,
  free: TOTAL - USED - CACHE,
  shared: SHARED,
  buffers: 52_704,
  cached: CACHE - 52_704,
} as const;

function human(kib: number): string {
  if (kib === 0) return "0B";
  const units = ["Ki", "Mi", "Gi", "Ti"];
  let v = kib;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return (v < 10 ? (Math.round(v * 10) / 10).toFixed(1).replace(/\.0$/, ".0") : String(Math.floor(v))) + units[u];
}

const free: Command = (argv, ctx) => {
  const bb = isBusybox(machineOf(ctx.world, ctx.session), "free");
  const opt = argv.find((a) => a.startsWith("-")) ?? "-k";
  const div: Readonly<Record<string, number>> = { "-k": 1, "-m": 1024, "-g": 1024 * 1024, "-b": 1 / 1024 };
  const show = (k: number) => (opt === "-h" && !bb ? human(k) : String(Math.floor(k / (div[opt] ?? 1))));
  const label = bb ? 7 : 8;
  const cell = (s: string) => s.padStart(12);
  const row = (name: string, cells: readonly number[]) =>
    name.padEnd(label) + cells.map((c) => cell(show(c))).join("") + "\n";
  const head =
    " ".repeat(label) + ["total", "used", "free", "shared", "buff/cache", "available"].map(cell).join("") + "\n";
  const stdout =
    head + row("Mem:", [TOTAL, USED, TOTAL - USED - CACHE, SHARED, CACHE, AVAILABLE]) + row("Swap:", [0, 0, 0]);
  return { world: ctx.world, stdout, stderr: "", exitCode: 0 };
};

export const COMMAND: CommandModule = {
  spec: {
    name: "free",
    summary: "Display amount of free and used memory in the system",
    options: [flag("-h"), flag("-k"), flag("-m"), flag("-g"), flag("-b")],
  },
  run: free,
};
