/** `touch FILE...`: makes each missing file empty (the lab keeps no times of its own for files it holds). */
import { isDirectory, parentDir, readFile, writeFile } from "../../../kernel/files.ts";
import type { Command, CommandResult } from "../../command.ts";
import { isBusybox, machineOf } from "../../machine.ts";
import { absolutePath, lookup, viewOf } from "../../lib/vfs.ts";

export const touch: Command = (argv, ctx): CommandResult => {
  const bb = isBusybox(machineOf(ctx.world, ctx.session), "touch");
  const files = argv.slice(1).filter((a) => !/^-[cham]+$/.test(a));
  const noCreate = argv.slice(1).some((a) => /^-[ham]*c/.test(a));
  if (files.length === 0) {
    const stderr = bb
      ? "BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n\nUsage: touch [-cham] [-d DATE] [-t DATE] [-r FILE] FILE...\n\nUpdate mtime of FILEs\n\n\t-c\tDon't create files\n\t-h\tDon't follow links\n\t-a\tChange only atime\n\t-m\tChange only mtime\n\t-d DT\tDate/time to use\n\t-t DT\tDate/time to use\n\t-r FILE\tUse FILE's date/time\n"
      : "touch: missing file operand\nTry 'touch --help' for more information.\n";
    return { world: ctx.world, stdout: "", stderr, exitCode: 1 };
  }
  const machine = ctx.session.mounts ?? ctx.session.machine;
  let w = ctx.world;
  let stderr = "";
  for (const f of files) {
    const view = viewOf(w, ctx.session);
    const abs = absolutePath(view, f);
    if ("node" in lookup(view, abs)) continue;
    if (noCreate) continue;
    const parent = parentDir(abs);
    if (!("node" in lookup(view, parent)) && !isDirectory(w, machine, parent)) {
      stderr += bb
        ? `touch: ${f}: No such file or directory\n`
        : `touch: cannot touch '${f}': No such file or directory\n`;
      continue;
    }
    if (abs.startsWith("/proc/") || abs.startsWith("/sys/")) {
      stderr += bb ? `touch: ${f}: Permission denied\n` : `touch: cannot touch '${f}': Permission denied\n`;
      continue;
    }
    w = writeFile(w, machine, abs, readFile(w, machine, abs) ?? "");
  }
  return { world: w, stdout: "", stderr, exitCode: stderr ? 1 : 0 };
};
