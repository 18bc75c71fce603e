/**
 * `cat`, and how every text tool reads its inputs: files (through the machine's
 * small filesystem, kernel/files.ts) or stdin. Errors carry GNU coreutils'
 * wording on the host and the internet, busybox's in containers.
 */
import { isDirectory, readFile, removeFile } from "../kernel/files.ts";
import type { Command, CommandContext } from "./command.ts";
import { isBusybox, machineOf } from "./machine.ts";

export interface Input {
  /** The name a tool prints for it (`-` is stdin). */
  readonly name: string;
  readonly text: string;
}

export interface ReadInputs {
  readonly inputs: readonly Input[];
  readonly stderr: string;
  readonly failed: boolean;
}

function absolute(path: string): string {
  return path.startsWith("/") ? path : `/root/${path}`;
}

/** Reads each operand (stdin when there are none, or for `-`), reporting the unreadable ones. */
export function readInputs(tool: string, files: readonly string[], ctx: CommandContext): ReadInputs {
  if (files.length === 0) return { inputs: [{ name: "-", text: ctx.stdin }], stderr: "", failed: false };
  const bb = isBusybox(machineOf(ctx.world, ctx.session), tool);
  const inputs: Input[] = [];
  let stderr = "";
  let failed = false;
  for (const f of files) {
    if (f === "-") {
      inputs.push({ name: "-", text: ctx.stdin });
      continue;
    }
    const text = readFile(ctx.world, ctx.session.machine, absolute(f));
    if (text !== undefined) {
      inputs.push({ name: f, text });
      continue;
    }
    failed = true;
    if (isDirectory(ctx.world, ctx.session.machine, absolute(f))) {
      stderr += bb ? `${tool}: read error: Is a directory\n` : `${tool}: ${f}: Is a directory\n`;
    } else {
      stderr += bb
        ? `${tool}: can't open '${f}': No such file or directory\n`
        : `${tool}: ${f}: No such file or directory\n`;
    }
  }
  return { inputs, stderr, failed };
}

export const cat: Command = (argv, ctx) => {
  let number = false;
  const files: string[] = [];
  let options = true;
  for (const a of argv.slice(1)) {
    if (options && a === "--") options = false;
    else if (options && a === "-n") number = true;
    else if (options && a.startsWith("-") && a !== "-") {
      if (a === "-A" || a === "-e" || a === "-E" || a === "-v" || a === "-s" || a === "-T") continue;
      return {
        world: ctx.world,
        stdout: "",
        stderr: `cat: invalid option -- '${a.slice(1, 2)}'\nTry 'cat --help' for more information.\n`,
        exitCode: 1,
      };
    } else files.push(a);
  }
  const r = readInputs("cat", files, ctx);
  let text = r.inputs.map((i) => i.text).join("");
  if (number) {
    const lines = text.split("\n");
    const last = lines.pop();
    text = lines.map((l, i) => `${String(i + 1).padStart(6, " ")}\t${l}\n`).join("");
    if (last) text += `${String(lines.length + 1).padStart(6, " ")}\t${last}`;
  }
  return { world: ctx.world, stdout: text, stderr: r.stderr, exitCode: r.failed ? 1 : 0 };
};

/** `rm FILE...`: only the files the lab keeps can go; the views of kernel state cannot. */
export const rm: Command = (argv, ctx) => {
  let w = ctx.world;
  let stderr = "";
  let force = false;
  for (const a of argv.slice(1)) {
    if (/^-[rfiv]+$/.test(a)) {
      force ||= a.includes("f");
      continue;
    }
    const path = absolute(a);
    if (isDirectory(w, ctx.session.machine, path)) {
      stderr += `rm: cannot remove '${a}': Is a directory\n`;
    } else if (readFile(w, ctx.session.machine, path) === undefined) {
      if (!force) stderr += `rm: cannot remove '${a}': No such file or directory\n`;
    } else if (path.startsWith("/proc/")) {
      stderr += `rm: cannot remove '${a}': Operation not permitted\n`;
    } else {
      w = removeFile(w, ctx.session.machine, path);
    }
  }
  if (argv.length === 1) stderr = "rm: missing operand\nTry 'rm --help' for more information.\n";
  return { world: w, stdout: "", stderr, exitCode: stderr ? 1 : 0 };
};
