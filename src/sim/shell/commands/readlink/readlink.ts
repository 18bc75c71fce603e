/**
 * `readlink` (GNU coreutils 9.1 on the hosts, busybox's in a container): a symbolic
 * link's target (silently exit 1 for anything else), or with -f/-e/-m the canonical
 * path, links followed (/proc/PID/exe names a container's program by its path there;
 * /proc/PID/ns/net reads `net:[INODE]`).
 */
import type { Command } from "../../command.ts";
import { isBusybox, machineOf } from "../../machine.ts";
import { absolutePath, lookup } from "../../lib/vfs.ts";
import { join, viewOf, type FsView } from "../../lib/vfs-node.ts";

type Mode = "f" | "e" | "m";

function parentOf(p: string): string {
  const i = p.lastIndexOf("/");
  return i <= 0 ? "/" : p.slice(0, i);
}

/** canonicalize_filename_mode: -f needs all but the last part, -e all of them, -m none. */
function canonical(view: FsView, abs: string, mode: Mode): string | undefined {
  const queue = abs.split("/").filter(Boolean);
  let at = "/";
  let hops = 0;
  while (queue.length > 0) {
    const name = queue.shift()!;
    if (name === ".") continue;
    if (name === "..") {
      at = parentOf(at);
      continue;
    }
    const here = join(at, name);
    const r = lookup(view, here, true);
    if ("error" in r) {
      if (mode === "m" || (mode === "f" && queue.length === 0)) {
        at = here;
        continue;
      }
      return undefined;
    }
    if (r.node.stat.type === "link") {
      if (++hops > 40) return undefined;
      const target = r.node.stat.target!;
      queue.unshift(...target.split("/").filter(Boolean));
      if (target.startsWith("/")) at = "/";
      continue;
    }
    if (queue.length > 0 && r.node.stat.type !== "dir" && mode !== "m") return undefined;
    at = here;
  }
  return at;
}

const GNU_TRY = "Try 'readlink --help' for more information.\n";

export const readlink: Command = (argv, { world, session }) => {
  const bb = isBusybox(machineOf(world, session), "readlink");
  let mode: Mode | undefined;
  let newline = true;
  let verbose = false;
  const files: string[] = [];
  let options = true;
  for (const a of argv.slice(1)) {
    if (options && a === "--") {
      options = false;
      continue;
    }
    const long: Readonly<Record<string, string>> = {
      "--canonicalize": "f",
      "--canonicalize-existing": "e",
      "--canonicalize-missing": "m",
      "--no-newline": "n",
      "--verbose": "v",
      "--quiet": "q",
      "--silent": "s",
    };
    if (options && a.startsWith("--")) {
      const k = long[a];
      if (k === undefined || bb) {
        const stderr = bb
          ? `readlink: unrecognized option '${a}'\n`
          : `readlink: unrecognized option '${a}'\n${GNU_TRY}`;
        return { world, stdout: "", stderr, exitCode: 1 };
      }
      if (k === "f" || k === "e" || k === "m") mode = k;
      else if (k === "n") newline = false;
      else if (k === "v") verbose = true;
      continue;
    }
    if (options && a.startsWith("-") && a !== "-") {
      for (const ch of a.slice(1)) {
        if ((bb ? "fnvs" : "femnqsvz").includes(ch)) {
          if (ch === "f" || ch === "e" || ch === "m") mode = ch;
          else if (ch === "n") newline = false;
          else if (ch === "v") verbose = true;
        } else {
          const stderr = bb
            ? `readlink: invalid option -- '${ch}'\n`
            : `readlink: invalid option -- '${ch}'\n${GNU_TRY}`;
          return { world, stdout: "", stderr, exitCode: 1 };
        }
      }
      continue;
    }
    files.push(a);
  }
  if (files.length === 0) {
    const stderr = bb ? "readlink: missing operand\n" : `readlink: missing operand\n${GNU_TRY}`;
    return { world, stdout: "", stderr, exitCode: 1 };
  }
  const view = viewOf(world, session);
  let stdout = "";
  let stderr = "";
  let exitCode = 0;
  for (const f of files) {
    const abs = absolutePath(view, f);
    let out: string | undefined;
    if (mode) out = canonical(view, abs, mode);
    else {
      const r = lookup(view, abs, true);
      out = "error" in r || r.node.stat.type !== "link" ? undefined : r.node.stat.target;
      if (out === undefined && verbose) {
        stderr += `readlink: ${f}: ${"error" in r ? "No such file or directory" : "Invalid argument"}\n`;
      }
    }
    if (out === undefined) {
      exitCode = 1;
      continue;
    }
    stdout += out + (newline || files.length > 1 ? "\n" : "");
  }
  return { world, stdout, stderr, exitCode };
};
