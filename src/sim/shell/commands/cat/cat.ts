/** `cat [-AbeEnstTv] FILE...`, reading through lib/inputs.ts. */
import { LIMITS } from "../../../limits.ts";
import type { Command, CommandContext } from "../../command.ts";
import { readInputs } from "../../lib/inputs.ts";
import { isBusybox, machineOf } from "../../machine.ts";
import { usage } from "../../lib/busybox-usage.ts";
import { resolvePath } from "../../vars.ts";

/**
 * Operands that are the file stdout appends to. GNU cat refuses each ("input file is
 * output file") and leaves the file as it was; busybox cat has no such check and copies
 * what it has just written again, until the disk is full.
 */
function selfCopies(files: readonly string[], ctx: CommandContext): Set<string> {
  const out = ctx.stdoutFile;
  if (!out?.append) return new Set();
  const same = files.filter((f) =>
    f === "-" ? ctx.stdinFile === out.path : resolvePath(ctx.world, ctx.session, f) === out.path,
  );
  // With no operand, cat reads stdin, which it names `-`.
  if (files.length === 0 && ctx.stdinFile === out.path) same.push("-");
  return new Set(same);
}

const LONG: Readonly<Record<string, string>> = {
  "--show-all": "A",
  "--number-nonblank": "b",
  "--show-ends": "E",
  "--number": "n",
  "--squeeze-blank": "s",
  "--show-tabs": "T",
  "--show-nonprinting": "v",
};

/** busybox's getopt32 string for cat: no long options, no -s/-E/-T. */
const BUSYBOX_LETTERS = "etvAnbu";

export const cat: Command = (argv, ctx) => {
  const bb = isBusybox(machineOf(ctx.world, ctx.session), "cat");
  const set = new Set<string>();
  const files: string[] = [];
  let options = true;
  for (const a of argv.slice(1)) {
    if (options && a === "--") options = false;
    else if (options && a.startsWith("--") && bb) {
      return { world: ctx.world, stdout: "", stderr: `cat: unrecognized option '${a}'\n${usage("cat")}`, exitCode: 1 };
    } else if (options && a.startsWith("--")) {
      const f = LONG[a];
      if (f === undefined) {
        return {
          world: ctx.world,
          stdout: "",
          stderr: `cat: unrecognized option '${a}'\nTry 'cat --help' for more information.\n`,
          exitCode: 1,
        };
      }
      set.add(f);
    } else if (options && a.startsWith("-") && a !== "-") {
      for (const c of a.slice(1)) {
        if (bb && !BUSYBOX_LETTERS.includes(c)) {
          return {
            world: ctx.world,
            stdout: "",
            stderr: `cat: invalid option -- '${c}'\n${usage("cat")}`,
            exitCode: 1,
          };
        }
        if (!"AbeEnstTuv".includes(c)) {
          return {
            world: ctx.world,
            stdout: "",
            stderr: `cat: invalid option -- '${c}'\nTry 'cat --help' for more information.\n`,
            exitCode: 1,
          };
        }
        set.add(c);
      }
    } else files.push(a);
  }
  const self = selfCopies(files, ctx);
  const r = readInputs("cat", files, ctx);
  let stderr = r.stderr;
  let failed = r.failed;
  const parts: string[] = [];
  for (const input of r.inputs) {
    if (!self.has(input.name) || input.text === "") parts.push(input.text);
    else if (bb) {
      // It reads back what it appends: the file doubles until the write fails.
      const times = Math.ceil((LIMITS.maxFileBytesPerMachine + 1) / input.text.length) + 1;
      parts.push(input.text.repeat(Math.min(times, LIMITS.maxFileBytesPerMachine + 2)));
    } else {
      stderr += `cat: ${input.name}: input file is output file\n`;
      failed = true;
    }
  }
  const text = shown(parts.join(""), set);
  return { world: ctx.world, stdout: text, stderr, exitCode: failed ? 1 : 0 };
};

/** What cat's options make of the text: -A is -vET, -e is -vE, -t is -vT; -b numbers non-blank lines. */
function shown(text: string, set: ReadonlySet<string>): string {
  const has = (c: string) => set.has(c);
  const nonprinting = has("v") || has("A") || has("e") || has("t");
  const ends = has("E") || has("A") || has("e");
  const tabs = has("T") || has("A") || has("t");
  const numberAll = has("n") && !has("b");
  if (!nonprinting && !ends && !tabs && !has("n") && !has("b") && !has("s")) return text;
  const lines = text.split("\n");
  const last = lines.pop() ?? "";
  const out: string[] = [];
  let n = 0;
  let blank = false;
  const render = (l: string, newline: boolean) => {
    if (has("s") && l === "" && newline) {
      if (blank) return;
      blank = true;
    } else blank = false;
    let t = nonprinting ? visible(l, tabs) : tabs ? l.replace(/\t/g, "^I") : l;
    if (ends && newline) t += "$";
    const numbered = numberAll || (has("b") && l !== "");
    out.push((numbered ? `${String(++n).padStart(6)}\t` : "") + t + (newline ? "\n" : ""));
  };
  for (const l of lines) render(l, true);
  if (last !== "") render(last, false);
  return out.join("");
}

/** -v's notation: ^X for control characters, ^? for DEL, M- for bytes past 127; a tab stays unless -T. */
function visible(l: string, tabs: boolean): string {
  let t = "";
  for (const ch of l) {
    const c = ch.codePointAt(0)!;
    if (c === 9 && !tabs) t += ch;
    else if (c < 32) t += "^" + String.fromCharCode(c + 64);
    else if (c === 127) t += "^?";
    else if (c > 127 && c < 256)
      t += "M-" + (c - 128 < 32 ? "^" + String.fromCharCode(c - 128 + 64) : String.fromCharCode(c - 128));
    else t += ch;
  }
  return t;
}
