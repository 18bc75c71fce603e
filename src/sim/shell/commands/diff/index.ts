/**
 * `diff`: compare files line by line. GNU diffutils 3.8 on the hosts (the normal format,
 * -u/-U N, -q, -y); busybox's in the containers (unified by default, no timestamps).
 */
import type { Command, CommandResult } from "../../command.ts";
import { type CommandModule, flag, FREE, valued } from "../../spec.ts";
import { isBusybox, machineOf } from "../../machine.ts";
import { absolutePath, errnoText, lookup, readPath, viewOf } from "../../lib/vfs.ts";
import { changes, MAX_LINES, type Hunk } from "./lcs.ts";
import { sideBySide } from "./side.ts";

const NO_NL = "\\ No newline at end of file\n";

/** A file's lines, each with its newline (the last may lack one). */
function linesOf(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

const range = (s: number, e: number) => (e - s === 1 ? `${s + 1}` : `${s + 1},${e}`);
const show = (prefix: string, l: string) => prefix + l + (l.endsWith("\n") ? "" : `\n${NO_NL}`);

function normal(a: string[], b: string[], hs: Hunk[]): string {
  let out = "";
  for (const h of hs) {
    const del = h.a1 > h.a0;
    const add = h.b1 > h.b0;
    if (del && add) out += `${range(h.a0, h.a1)}c${range(h.b0, h.b1)}\n`;
    else if (del) out += `${range(h.a0, h.a1)}d${h.b0}\n`;
    else out += `${h.a0}a${range(h.b0, h.b1)}\n`;
    for (let i = h.a0; i < h.a1; i++) out += show("< ", a[i]!);
    if (del && add) out += "---\n";
    for (let i = h.b0; i < h.b1; i++) out += show("> ", b[i]!);
  }
  return out;
}

function unified(a: string[], b: string[], hs: Hunk[], ctxLines: number): string {
  let out = "";
  const groups: Hunk[][] = [];
  for (const h of hs) {
    const g = groups[groups.length - 1];
    if (g && h.a0 - g[g.length - 1]!.a1 <= 2 * ctxLines) g.push(h);
    else groups.push([h]);
  }
  const uRange = (s: number, n: number) => (n === 1 ? `${s + 1}` : `${n === 0 ? s : s + 1},${n}`);
  for (const g of groups) {
    const first = g[0]!;
    const last = g[g.length - 1]!;
    const a0 = Math.max(0, first.a0 - ctxLines);
    const a1 = Math.min(a.length, last.a1 + ctxLines);
    const b0 = first.b0 - (first.a0 - a0);
    const b1 = last.b1 + (a1 - last.a1);
    out += `@@ -${uRange(a0, a1 - a0)} +${uRange(b0, b1 - b0)} @@\n`;
    let i = a0;
    for (const h of g) {
      for (; i < h.a0; i++) out += show(" ", a[i]!);
      for (let k = h.a0; k < h.a1; k++) out += show("-", a[k]!);
      for (let k = h.b0; k < h.b1; k++) out += show("+", b[k]!);
      i = h.a1;
    }
    for (; i < a1; i++) out += show(" ", a[i]!);
  }
  return out;
}

function stamp(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${String(d.getUTCMilliseconds()).padStart(3, "0")}000000 +0000`;
}

const diff: Command = (argv, ctx): CommandResult => {
  const bb = isBusybox(machineOf(ctx.world, ctx.session), "diff");
  let mode: "normal" | "unified" | "brief" | "side" = bb ? "unified" : "normal";
  let ctxLines = 3;
  let width = 130;
  let suppress = false;
  const files: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "-u" || a === "--unified") mode = "unified";
    else if (!bb && (a === "-y" || a === "--side-by-side")) mode = "side";
    else if (!bb && a === "--suppress-common-lines") suppress = true;
    else if (!bb && (a === "-W" || /^-W\d+$/.test(a) || /^--width=\d+$/.test(a)))
      width = Number(a === "-W" ? argv[++i] : a.replace(/^-W|^--width=/, ""));
    else if (a === "-q" || a === "--brief") mode = "brief";
    else if (a === "-U" || /^-U\d+$/.test(a)) {
      mode = "unified";
      ctxLines = Number(a === "-U" ? argv[++i] : a.slice(2));
    } else if (a.startsWith("-") && a !== "-")
      return {
        world: ctx.world,
        stdout: "",
        stderr: `diff: invalid option -- '${a.slice(1, 2)}'\ndiff: Try 'diff --help' for more information.\n`,
        exitCode: 2,
      };
    else files.push(a);
  }
  if (files.length < 2) {
    if (bb) return { world: ctx.world, stdout: "", stderr: "diff: need two files\n", exitCode: 2 };
    const after = files.length === 0 ? "diff" : files[0];
    return {
      world: ctx.world,
      stdout: "",
      stderr: `diff: missing operand after '${after}'\ndiff: Try 'diff --help' for more information.\n`,
      exitCode: 2,
    };
  }
  if (files.length > 2 && !bb)
    return {
      world: ctx.world,
      stdout: "",
      stderr: `diff: extra operand '${files[2]}'\ndiff: Try 'diff --help' for more information.\n`,
      exitCode: 2,
    };
  const view = viewOf(ctx.world, ctx.session);
  let [fa, fb] = files as [string, string];
  const texts: string[] = [];
  const mtimes: number[] = [];
  // a directory operand stands for the file of the other's name in it
  const isDir = (f: string) => {
    const r = lookup(view, absolutePath(view, f));
    return !("error" in r) && r.node.stat.type === "dir";
  };
  if (isDir(fb) && !isDir(fa)) fb = `${fb.replace(/\/$/, "")}/${fa.split("/").pop()}`;
  else if (isDir(fa) && !isDir(fb)) fa = `${fa.replace(/\/$/, "")}/${fb.split("/").pop()}`;
  for (const f of [fa, fb]) {
    const r = f === "-" ? { text: ctx.stdin } : readPath(view, f);
    if (!("text" in r)) {
      const why = errnoText(r.errno);
      return {
        world: ctx.world,
        stdout: "",
        stderr: bb ? `diff: can't stat '${f}': ${why}\n` : `diff: ${f}: ${why}\n`,
        exitCode: 2,
      };
    }
    texts.push(r.text);
    const l = f === "-" ? undefined : lookup(view, absolutePath(view, f));
    mtimes.push(l && !("error" in l) ? l.node.stat.mtime : ctx.world.clock);
  }
  const side = (hs: readonly Hunk[]) =>
    sideBySide(linesOf(texts[0]!).slice(0, MAX_LINES), linesOf(texts[1]!).slice(0, MAX_LINES), hs, width, suppress);
  // Side by side, equal files still print (sdiff shows them); the status says they are equal.
  if (texts[0] === texts[1])
    return { world: ctx.world, stdout: mode === "side" ? side([]) : "", stderr: "", exitCode: 0 };
  if (mode === "brief") return { world: ctx.world, stdout: `Files ${fa} and ${fb} differ\n`, stderr: "", exitCode: 1 };
  const a = linesOf(texts[0]!).slice(0, MAX_LINES);
  const b = linesOf(texts[1]!).slice(0, MAX_LINES);
  const hs = changes(a, b);
  if (mode === "side") return { world: ctx.world, stdout: side(hs), stderr: "", exitCode: 1 };
  const body =
    mode === "normal"
      ? normal(a, b, hs)
      : (bb ? `--- ${fa}\n+++ ${fb}\n` : `--- ${fa}\t${stamp(mtimes[0]!)}\n+++ ${fb}\t${stamp(mtimes[1]!)}\n`) +
        unified(a, b, hs, ctxLines);
  return { world: ctx.world, stdout: body, stderr: "", exitCode: 1 };
};

export const COMMAND: CommandModule = {
  spec: {
    name: "diff",
    summary: "compare files line by line",
    options: [
      flag(["-u", "--unified"]),
      valued("-U"),
      flag(["-q", "--brief"]),
      flag(["-y", "--side-by-side"]),
      flag(["--suppress-common-lines"]),
      valued(["-W", "--width"]),
    ],
    args: [FREE],
  },
  run: diff,
};
