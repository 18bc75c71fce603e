/** `basename NAME [SUFFIX]` and `dirname NAME...` (GNU coreutils 9.1; busybox's usage where GNU says an operand is missing). */
import type { Command, CommandResult } from "../../command.ts";
import { isBusybox, machineOf } from "../../machine.ts";

const BB: Readonly<Record<string, string>> = {
  basename: `Usage: basename FILE [SUFFIX] | -a FILE... | -s SUFFIX FILE...

Strip directory path and SUFFIX from FILE

\t-a\t\tAll arguments are FILEs
\t-s SUFFIX\tRemove SUFFIX (implies -a)
`,
  dirname: `Usage: dirname FILENAME

Strip non-directory suffix from FILENAME
`,
};

function missing(ctx: Parameters<Command>[1], tool: "basename" | "dirname"): CommandResult {
  const bb = isBusybox(machineOf(ctx.world, ctx.session), tool);
  const stderr = bb
    ? `BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n\n${BB[tool]}`
    : `${tool}: missing operand\nTry '${tool} --help' for more information.\n`;
  return { world: ctx.world, stdout: "", stderr, exitCode: 1 };
}

export function baseOf(path: string, suffix = ""): string {
  if (path === "") return "";
  const trimmed = path.replace(/\/+$/, "");
  if (trimmed === "") return "/";
  let b = trimmed.slice(trimmed.lastIndexOf("/") + 1);
  if (suffix && b !== suffix && b.endsWith(suffix)) b = b.slice(0, -suffix.length);
  return b;
}

export function dirOf(path: string): string {
  const trimmed = path.replace(/\/+$/, "");
  if (trimmed === "") return path.startsWith("/") ? "/" : ".";
  const i = trimmed.lastIndexOf("/");
  if (i < 0) return ".";
  const d = trimmed.slice(0, i).replace(/\/+$/, "");
  return d === "" ? "/" : d;
}

export const basename: Command = (argv, ctx) => {
  const args = argv.slice(1);
  let all = false;
  let suffix = "";
  const names: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "-a") all = true;
    else if (a === "-s") {
      suffix = args[++i] ?? "";
      all = true;
    } else names.push(a);
  }
  if (names.length === 0) return missing(ctx, "basename");
  if (!all && names.length > 2)
    return {
      world: ctx.world,
      stdout: "",
      stderr: `basename: extra operand \u2018${names[2]}\u2019\nTry 'basename --help' for more information.\n`,
      exitCode: 1,
    };
  const list = all ? names : [names[0]!];
  const suf = all ? suffix : (names[1] ?? "");
  return { world: ctx.world, stdout: list.map((n) => baseOf(n, suf) + "\n").join(""), stderr: "", exitCode: 0 };
};

export const dirname: Command = (argv, ctx) => {
  const names = argv.slice(1);
  if (names.length === 0) return missing(ctx, "dirname");
  return { world: ctx.world, stdout: names.map((n) => dirOf(n) + "\n").join(""), stderr: "", exitCode: 0 };
};
