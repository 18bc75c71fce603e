/**
 * `df [-h] [-T]`: the oracle's mounts (a Debian host on one disk; in a container the
 * overlay root, its tmpfs and the bind-mounted resolver files), a snapshot: the
 * numbers do not move with what the lab's commands write.
 */
import type { Command, OutputChunk } from "../../command.ts";
import { isBusybox, machineOf } from "../../machine.ts";
import { flag, type CommandModule, FREE } from "../../spec.ts";
import { absolutePath, errnoText, lookup } from "../../lib/vfs.ts";
import { viewOf } from "../../lib/vfs-node.ts";

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

/**
 * The mounts `df FILE…` lists: for each file, the one its path lies in (the longest mount
 * point above it, symbolic links followed), in the operands' order; a file that does not
 * exist is an error and a failed status, and the others are still listed.
 */
function mountsOf(
  all: readonly Mount[],
  operands: readonly string[],
  ctx: Parameters<Command>[1],
): { readonly mounts: readonly Mount[]; readonly stderr: string } {
  if (operands.length === 0) return { mounts: all, stderr: "" };
  const view = viewOf(ctx.world, ctx.session);
  const mounts: Mount[] = [];
  let stderr = "";
  for (const op of operands) {
    const found = lookup(view, absolutePath(view, op));
    if ("error" in found) {
      stderr += `df: ${op}: ${errnoText(found.error)}\n`;
      continue;
    }
    const under = all.filter((m) => found.path === m[4] || found.path.startsWith(m[4] === "/" ? "/" : m[4] + "/"));
    const m = under.reduce<Mount | undefined>(
      (a, b) => (a === undefined || b[4].length > a[4].length ? b : a),
      undefined,
    );
    if (m) mounts.push(m);
  }
  return { mounts, stderr };
}

const errs = (text: string): OutputChunk[] => (text ? [{ stream: "stderr", text }] : []);

const df: Command = (argv, ctx) => {
  const machine = machineOf(ctx.world, ctx.session);
  const bb = isBusybox(machine, "df");
  const h = argv.slice(1).some((a) => /^-[a-zA-Z]*h/.test(a) || a === "--human-readable");
  const operands = argv.slice(1).filter((a) => !a.startsWith("-") || a === "-");
  const picked = mountsOf(machine.kind === "container" ? CONTAINER : HOST, operands, ctx);
  const { mounts, stderr } = picked;
  const exitCode = stderr ? 1 : 0;
  // GNU df prints no table when no operand could be listed.
  if (mounts.length === 0 && operands.length > 0) return { world: ctx.world, stdout: "", stderr, exitCode };
  if (bb) {
    const size = (k: number) => (h ? bbHuman(k) : String(k));
    let out = `${"Filesystem".padEnd(20)} ${(h ? "Size" : "1K-blocks").padStart(9)} ${"Used".padStart(9)} Available Use% Mounted on\n`;
    for (const m of mounts)
      out += `${m[0].padEnd(20)} ${size(m[1]).padStart(9)} ${size(m[2]).padStart(9)} ${size(m[3]).padStart(9)} ${pct(m).padStart(4)} ${m[4]}\n`;
    // busybox writes as it goes: the errors come before the table's rows only where they stand.
    return {
      world: ctx.world,
      stdout: out,
      stderr,
      exitCode,
      output: [{ stream: "stdout", text: out }, ...errs(stderr)],
    };
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
  // GNU df reports what it cannot list as it meets it, and prints the table at the end.
  return {
    world: ctx.world,
    stdout: out + "\n",
    stderr,
    exitCode,
    output: [...errs(stderr), { stream: "stdout", text: out + "\n" }],
  };
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
