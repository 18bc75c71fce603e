/**
 * `du [-shac] [PATH...]`: 4 KiB blocks, as ext4 and overlayfs allocate them: each
 * directory one block, each file its size rounded up to blocks, links and the
 * kernel's /proc and /sys nothing. Directories after what they hold, as du walks.
 */
import type { Command } from "../../command.ts";
import { absIn, fsCtx, nodeAt, splitArgs, why, type FsCtx } from "../../lib/fsops.ts";

/** Entries one du may visit. */
const MAX_ENTRIES = 5_000;

function human(kib: number, bb: boolean): string {
  if (kib === 0) return "0";
  const units = ["K", "M", "G", "T"];
  let v = kib;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  if (bb) return v.toFixed(1) + units[u];
  return (v < 10 ? (Math.ceil(v * 10) / 10).toFixed(1) : String(Math.ceil(v))) + units[u];
}

export const du: Command = (argv, ctx) => {
  const f = fsCtx(ctx, "du");
  const { flags, longs, operands } = splitArgs(argv);
  const summarize = flags.includes("s") || longs.includes("--summarize");
  const h = flags.includes("h") || longs.includes("--human-readable");
  const all = flags.includes("a") || longs.includes("--all");
  const total = flags.includes("c") || longs.includes("--total");
  const show = (k: number) => (h ? human(k, f.bb) : String(k));
  let stdout = "";
  let stderr = "";
  let grand = 0;
  let visited = 0;
  const visit = (w: FsCtx, abs: string, shown: string, depth: number): number => {
    if (visited++ > MAX_ENTRIES || depth > 32) return 0;
    const n = nodeAt(w.world, w, abs, depth > 0);
    if (typeof n === "string") return 0;
    const s = n.stat;
    if (s.type !== "dir") {
      const k = s.type === "file" && s.fs === "disk" ? Math.ceil(s.size / 4096) * 4 : 0;
      if (depth === 0 || (all && !summarize)) stdout += `${show(k)}\t${shown}\n`;
      return k;
    }
    let k = s.fs === "disk" ? 4 : 0;
    for (const name of n.list?.() ?? []) {
      const child = abs === "/" ? `/${name}` : `${abs}/${name}`;
      k += visit(w, child, shown.endsWith("/") ? shown + name : `${shown}/${name}`, depth + 1);
    }
    if (!summarize || depth === 0) stdout += `${show(k)}\t${shown}\n`;
    return k;
  };
  for (const p of operands.length ? operands : ["."]) {
    const abs = absIn(f, p);
    const n = nodeAt(ctx.world, f, abs);
    if (typeof n === "string") {
      stderr += f.bb ? `du: ${p}: ${why(n)}\n` : `du: cannot access '${p}': ${why(n)}\n`;
      continue;
    }
    grand += visit(f, abs, p, 0);
  }
  if (total) stdout += `${show(grand)}\ttotal\n`;
  return { world: ctx.world, stdout, stderr, exitCode: stderr ? 1 : 0 };
};
