/**
 * xargs: the words of stdin (blanks and newlines apart, quotes and backslashes as
 * xargs reads them, or NUL-separated with -0) appended to a command, run as many times
 * as -n, -L or -I make it. Exit 123 when a run failed, 127 when the program is missing.
 */
import type { Command, CommandResult, OutputChunk } from "../../command.ts";
import { isBusybox, machineOf } from "../../machine.ts";
import { canExec, execArgv, fromChunks } from "../../lib/exec.ts";

const GNU_TRY = "Try 'xargs --help' for more information.\n";
const GNU_VERSION = `xargs (GNU findutils) 4.9.0
Copyright (C) 2022 Free Software Foundation, Inc.
License GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.
This is free software: you are free to change and redistribute it.
There is NO WARRANTY, to the extent permitted by law.

Written by Eric B. Decker, James Youngman, and Kevin Dalley.
`;
const BB_USAGE = `BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.

Usage: xargs [OPTIONS] [PROG ARGS]

Run PROG on every item given by stdin

\t-0\tNUL terminated input
\t-a FILE\tRead from FILE instead of stdin
\t-r\tDon't run command if input is empty
\t-t\tPrint the command on stderr before execution
\t-p\tAsk user whether to run each command
\t-E STR,-e[STR]\tSTR stops input processing
\t-I STR\tReplace STR within PROG ARGS with input line
\t-n N\tPass no more than N args to PROG
\t-s N\tPass command line of no more than N bytes
\t-P N\tRun up to N PROGs in parallel
\t-x\tExit if size is exceeded
`;
/** The most runs one xargs makes in the lab. */
const MAX_RUNS = 1000;

/** The items of stdin, as xargs splits them; `error` names the quote left open (the items before it still run). */
function items(text: string, nul: boolean): { words: string[]; error?: "single" | "double" } {
  if (nul) return { words: text.split("\0").filter((w, i, a) => w !== "" || i < a.length - 1) };
  const words: string[] = [];
  let cur = "";
  let has = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === " " || c === "\t" || c === "\n") {
      if (has) words.push(cur);
      cur = "";
      has = false;
    } else if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1);
      const nl = text.indexOf("\n", i + 1);
      if (end < 0 || (nl >= 0 && nl < end)) return { words, error: c === "'" ? "single" : "double" };
      cur += text.slice(i + 1, end);
      has = true;
      i = end;
    } else if (c === "\\" && i + 1 < text.length) {
      cur += text[++i];
      has = true;
    } else {
      cur += c;
      has = true;
    }
  }
  if (has) words.push(cur);
  return { words };
}

export const xargs: Command = (argv, ctx): CommandResult => {
  const bb = isBusybox(machineOf(ctx.world, ctx.session), "xargs");
  let maxArgs = 0;
  let maxLines = 0;
  let replace: string | undefined;
  let trace = false;
  let noEmpty = false;
  let nul = false;
  const chunks: OutputChunk[] = [];
  const err = (text: string) => chunks.push({ stream: "stderr", text });
  let i = 1;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith("-") || a === "-") break;
    if (a === "--") {
      i++;
      break;
    }
    if (a === "--version" && !bb) return { world: ctx.world, stdout: GNU_VERSION, stderr: "", exitCode: 0 };
    if (a.startsWith("--") && bb)
      return { world: ctx.world, stdout: "", stderr: `xargs: unrecognized option '${a}'\n${BB_USAGE}`, exitCode: 1 };
    const withValue = (flag: string): string | CommandResult => {
      const v = a.length > 2 ? a.slice(2) : argv[++i];
      if (v === undefined)
        return {
          world: ctx.world,
          stdout: "",
          stderr: `xargs: option requires an argument -- '${flag}'\n${bb ? BB_USAGE : GNU_TRY}`,
          exitCode: 1,
        };
      return v;
    };
    const f = a[1]!;
    // GNU's -P N runs up to N at once; the lab runs them one after another (their order is then the input's).
    if (f === "P" && !bb) {
      const v = withValue(f);
      if (typeof v !== "string") return v;
      if (!/^\d+$/.test(v))
        return {
          world: ctx.world,
          stdout: "",
          stderr: `xargs: invalid number "${v}" for -P option\n${GNU_TRY}`,
          exitCode: 1,
        };
      continue;
    }
    if (f === "n" || f === "L" || f === "I") {
      const v = withValue(f);
      if (typeof v !== "string") return v;
      if (f === "I") {
        if (maxArgs > 0 && !bb)
          err(
            "xargs: warning: options --max-args and --replace/-I/-i are mutually exclusive, ignoring previous --max-args value\n",
          );
        replace = v;
        maxArgs = 0;
      } else if (!/^\d+$/.test(v) || Number(v) < 1) {
        return {
          world: ctx.world,
          stdout: "",
          stderr: `xargs: invalid number "${v}" for -${f} option\n${bb ? "" : GNU_TRY}`,
          exitCode: 1,
        };
      } else if (f === "n") {
        if (replace !== undefined && !bb)
          err(
            "xargs: warning: options --max-args and --replace/-I/-i are mutually exclusive, ignoring previous --replace value\n",
          );
        maxArgs = Number(v);
      } else maxLines = Number(v);
      continue;
    }
    for (const c of a.slice(1)) {
      if (c === "t") trace = true;
      else if (c === "r") noEmpty = true;
      else if (c === "0") nul = true;
      else if (c === "x" || c === "p") continue;
      else
        return {
          world: ctx.world,
          stdout: "",
          stderr: `xargs: invalid option -- '${c}'\n${bb ? BB_USAGE : GNU_TRY}`,
          exitCode: 1,
        };
    }
  }
  const cmd = argv.slice(i).length > 0 ? argv.slice(i) : ["echo"];
  const parsed = items(ctx.stdin, nul);
  // each run's arguments
  const runs: string[][] = [];
  if (replace !== undefined) {
    const lines = ctx.stdin
      .split(nul ? "\0" : "\n")
      .map((l) => l.replace(/^[ \t]+/, ""))
      .filter((l) => l !== "");
    for (const l of lines) runs.push(cmd.map((w) => w.split(replace).join(l)));
  } else if (maxLines > 0) {
    const lines = ctx.stdin.split("\n").filter((l) => l.trim() !== "");
    for (let k = 0; k < lines.length; k += maxLines)
      runs.push([...cmd, ...items(lines.slice(k, k + maxLines).join("\n"), false).words]);
  } else {
    const w = parsed.words;
    if (w.length === 0) {
      // GNU runs the command once with no arguments unless -r; busybox does not run it.
      if (!noEmpty && !bb) runs.push([...cmd]);
    } else {
      const n = maxArgs > 0 ? maxArgs : w.length;
      for (let k = 0; k < w.length; k += n) runs.push([...cmd, ...w.slice(k, k + n)]);
    }
  }
  let world = ctx.world;
  let status = 0;
  for (const run of runs.slice(0, MAX_RUNS)) {
    if (trace) err(`${run.join(" ")}\n`);
    if (!canExec(ctx, run[0]!)) {
      err(`xargs: ${run[0]}: No such file or directory\n`);
      return fromChunks(world, chunks, 127);
    }
    const r = execArgv(ctx, world, run);
    world = r.world;
    chunks.push(...r.output);
    if (r.exitCode === 255) {
      err(`xargs: ${run[0]}: exited with status 255; aborting\n`);
      return fromChunks(world, chunks, 124);
    }
    if (r.exitCode !== 0) status = 123;
  }
  if (parsed.error && replace === undefined && maxLines === 0) {
    err(
      bb
        ? `xargs: unmatched ${parsed.error} quote\n`
        : `xargs: unmatched ${parsed.error} quote; by default quotes are special to xargs unless you use the -0 option\n`,
    );
    status = 1;
  }
  return fromChunks(world, chunks, status);
};
