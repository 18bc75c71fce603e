/**
 * `df [-h] [-T]`: the oracle's mounts (a Debian host on one disk; in a container the
 * overlay root, its tmpfs and the bind-mounted resolver files), a snapshot: the
 * numbers do not move with what the lab's commands write.
 */
import type { Command } from "../../command.ts";
import { isBusybox, machineOf } from "../../machine.ts";
import { flag, type CommandModule, FREE } from "../../spec.ts";

type Mount = readonly [fs: string, size: number, used: number, avail: number, at: string];

const DISK = [264_212_084, 24_187_828, 82_203_084] as const;
const HOST: readonly Mount[] = [
  ["udev", 12_335_000, 0, 12_335_000, "/dev"],
  ["tmpfs", 24_683_756, 0, 24_683_756, "/dev/shm"],
  ["/dev/vda", ...DISK, "/"],
  ["tmpfs", 12_341_876, 0, 12_341_876, "/sys/fs/cgroup"],
];
const CONTAINER: readonly Mount[] = [
  ["overlay", ...DISK, "/"],
  ["tmpfs", 65_536, 0, 65_536, "/dev"],
  ["tmpfs", 12_341_876, 0, 12_341_876, "/sys/fs/cgroup"],
  ["shm", 65_536, 0, 65_536, "/dev/shm"],
  ["/dev/vda", ...DISK, "/etc/resolv.conf"],
  ["/dev/vda", ...DISK, "/etc/hostname"],
  ["/dev/vda", ...DISK, "/etc/hosts"],
  ["tmpfs", 12_341_876, 0, 12_341_876, "/proc/acpi"],
  ["tmpfs", 65_536, 0, 65_536, "/proc/keys"],
  ["tmpfs", 65_536, 0, 65_536, "/proc/timer_list"],
  ["tmpfs", 12_341_876, 0, 12_341_876, "/sys/firmware"],
];

const UNITS = ["K", "M", "G", "T"];

/** KiB in the largest unit that keeps the value at or above 1. */
function scaled(kib: number): [number, string] {
  let v = kib;
  let u = 0;
  while (v >= 1024 && u < UNITS.length - 1) {
    v /= 1024;
    u++;
  }
  return [v, UNITS[u]!];
}

/** GNU's -h: powers of 1024, rounded up, one decimal below 10. */
function gnuHuman(kib: number): string {
  if (kib === 0) return "0";
  const [v, unit] = scaled(kib);
  return (v < 10 ? (Math.ceil(v * 10) / 10).toFixed(1) : String(Math.ceil(v))) + unit;
}

/** busybox's -h: one decimal, rounded. */
function bbHuman(kib: number): string {
  if (kib === 0) return "0";
  const [v, unit] = scaled(kib);
  return v.toFixed(1) + unit;
}

function pct(m: Mount): string {
  return m[1] === 0 ? "-" : `${Math.ceil((m[2] * 100) / (m[2] + m[3]))}%`;
}

const df: Command = (argv, ctx) => {
  const machine = machineOf(ctx.world, ctx.session);
  const bb = isBusybox(machine, "df");
  const h = argv.slice(1).some((a) => /^-[a-zA-Z]*h/.test(a) || a === "--human-readable");
  const mounts = machine.kind === "container" ? CONTAINER : HOST;
  if (bb) {
    const size = (k: number) => (h ? bbHuman(k) : String(k));
    let out = `${"Filesystem".padEnd(20)} ${(h ? "Size" : "1K-blocks").padStart(9)} ${"Used".padStart(9)} Available Use% Mounted on\n`;
    for (const m of mounts)
      out += `${m[0].padEnd(20)} ${size(m[1]).padStart(9)} ${size(m[2]).padStart(9)} ${size(m[3]).padStart(9)} ${pct(m).padStart(4)} ${m[4]}\n`;
    return { world: ctx.world, stdout: out, stderr: "", exitCode: 0 };
  }
  const size = (k: number) => (h ? gnuHuman(k) : String(k));
  const rows = [
    ["Filesystem", h ? "Size" : "1K-blocks", "Used", h ? "Avail" : "Available", "Use%", "Mounted on"],
    ...mounts.map((m) => [m[0], size(m[1]), size(m[2]), size(m[3]), pct(m), m[4]]),
  ];
  // GNU df's least widths: the source 14, each size 5 when human-readable.
  const least = [14, h ? 5 : 0, h ? 5 : 0, h ? 5 : 0, 4, 0];
  const width = (i: number) => Math.max(least[i]!, ...rows.map((r) => r[i]!.length));
  const out = rows
    .map((r) =>
      r.map((c, i) => (i === 0 || i === 5 ? (i === 0 ? c.padEnd(width(0)) : c) : c.padStart(width(i)))).join(" "),
    )
    .join("\n");
  return { world: ctx.world, stdout: out + "\n", stderr: "", exitCode: 0 };
};

export const COMMAND: CommandModule = {
  spec: {
    name: "df",
    summary: "report file system space usage",
    options: [flag(["-h", "--human-readable"])],
    args: [FREE],
  },
  run: df,
};
