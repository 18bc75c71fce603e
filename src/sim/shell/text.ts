/**
 * The coreutils a learner pipes output into: sort, head, tail, wc, cut, uniq
 * (GNU coreutils 9.1 in the C locale: bytewise order, wc's column widths).
 * Each reads files or stdin through fs.ts and never loops past its input.
 */
import type { Command, CommandContext, CommandResult } from "./command.ts";
import { readInputs } from "./fs.ts";

function splitLines(text: string): string[] {
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

function usageError(ctx: CommandContext, tool: string, msg: string): CommandResult {
  return {
    world: ctx.world,
    stdout: "",
    stderr: `${tool}: ${msg}\nTry '${tool} --help' for more information.\n`,
    exitCode: tool === "sort" ? 2 : 1,
  };
}

function bytewise(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** GNU sort's -k field: from the blank run before field N (leading blanks kept, as without -b). */
function keyField(line: string, from: number, to: number | undefined, sep: string | undefined): string {
  if (sep !== undefined) {
    const parts = line.split(sep);
    return parts.slice(from - 1, to === undefined ? undefined : to).join(sep);
  }
  const fields: string[] = [];
  const re = /\s*\S+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(line)) !== null) fields.push(m[0]);
  const end = to === undefined ? fields.length : to;
  return fields.slice(from - 1, end).join("");
}

function numericPrefix(s: string): number {
  const m = /^\s*(-?\d+(?:\.\d*)?|-?\.\d+)/.exec(s);
  return m ? Number(m[1]) : 0;
}

interface SortKey {
  readonly from: number;
  readonly to?: number;
  /** The key's own ordering flags; when it has none, the global ones apply. */
  readonly flags: string;
}

export const sort: Command = (argv, ctx) => {
  let global = "";
  const keys: SortKey[] = [];
  let unique = false;
  let stable = false;
  let sep: string | undefined;
  const files: string[] = [];
  const args = argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "-k" || a.startsWith("-k")) {
      const spec = a === "-k" ? args[++i] : a.slice(2);
      if (spec === undefined) return usageError(ctx, "sort", "option requires an argument -- 'k'");
      const m = /^(\d+)(?:\.\d+)?([bfnrgh]*)(?:,(\d+)(?:\.\d+)?([bfnrgh]*))?$/.exec(spec);
      if (!m || Number(m[1]) === 0) {
        return usageError(ctx, "sort", `invalid number at field start: invalid count at start of ‘${spec}’`);
      }
      const flags = (m[2] ?? "") + (m[4] ?? "");
      keys.push(m[3] !== undefined ? { from: Number(m[1]), to: Number(m[3]), flags } : { from: Number(m[1]), flags });
    } else if (a === "-t" || a.startsWith("-t")) {
      sep = a === "-t" ? args[++i] : a.slice(2);
    } else if (a.startsWith("-") && a.length > 1 && a !== "-") {
      for (const ch of a.slice(1)) {
        if ("nrfbgh".includes(ch)) global += ch;
        else if (ch === "u") unique = true;
        else if (ch === "s") stable = true;
        else if (ch === "V") continue;
        else return usageError(ctx, "sort", `invalid option -- '${ch}'`);
      }
    } else files.push(a);
  }
  const r = readInputs("sort", files, ctx);
  if (r.failed) {
    const stderr = r.stderr.replace(
      /^sort: (.*): No such file or directory$/m,
      "sort: cannot read: $1: No such file or directory",
    );
    return { world: ctx.world, stdout: "", stderr, exitCode: 2 };
  }
  const lines = r.inputs.flatMap((i) => splitLines(i.text));
  const effective: SortKey[] = keys.length > 0 ? keys : [{ from: 1, flags: global }];
  const compareKey = (k: SortKey, a: string, b: string): number => {
    const flags = k.flags !== "" ? k.flags : global;
    const whole = keys.length === 0;
    let ka = whole ? a : keyField(a, k.from, k.to, sep);
    let kb = whole ? b : keyField(b, k.from, k.to, sep);
    if (flags.includes("b")) {
      ka = ka.trimStart();
      kb = kb.trimStart();
    }
    let c: number;
    if (/[ngh]/.test(flags)) c = numericPrefix(ka) - numericPrefix(kb);
    else if (flags.includes("f")) c = bytewise(ka.toUpperCase(), kb.toUpperCase());
    else c = bytewise(ka, kb);
    return flags.includes("r") ? -c : c;
  };
  const compareKeys = (a: string, b: string): number => {
    for (const k of effective) {
      const c = compareKey(k, a, b);
      if (c !== 0) return c;
    }
    return 0;
  };
  // Ties on every key fall back to the whole line, bytewise (reversed by a global -r), unless -s or -u.
  const lastResort = (a: string, b: string) => (global.includes("r") ? -bytewise(a, b) : bytewise(a, b));
  const sorted = [...lines].sort((a, b) => compareKeys(a, b) || (unique || stable ? 0 : lastResort(a, b)));
  const out: string[] = [];
  for (const l of sorted) {
    const prev = out[out.length - 1];
    if (unique && prev !== undefined && compareKeys(prev, l) === 0) continue;
    out.push(l);
  }
  return { world: ctx.world, stdout: out.map((l) => l + "\n").join(""), stderr: "", exitCode: 0 };
};

/** head and tail share their option parsing: -n N, -N, -n +N (tail), -c N. */
function headTail(tool: "head" | "tail"): Command {
  return (argv, ctx) => {
    let count = 10;
    let fromStart = false;
    let bytes = false;
    const files: string[] = [];
    const args = argv.slice(1);
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      let spec: string | undefined;
      if (a === "-n" || a === "-c") {
        bytes = a === "-c";
        spec = args[++i];
        if (spec === undefined) return usageError(ctx, tool, `option requires an argument -- '${a[1]}'`);
      } else if (/^-[nc]./.test(a)) {
        bytes = a[1] === "c";
        spec = a.slice(2);
      } else if (/^-\d+$/.test(a)) spec = a.slice(1);
      else if (a.startsWith("-") && a !== "-") {
        if (a === "-q" || a === "-v" || a === "-f") continue;
        return usageError(ctx, tool, `invalid option -- '${a[1]}'`);
      } else {
        files.push(a);
        continue;
      }
      const m = /^([+-]?)(\d+)$/.exec(spec);
      if (!m)
        return {
          world: ctx.world,
          stdout: "",
          stderr: `${tool}: invalid number of ${bytes ? "bytes" : "lines"}: \u2018${spec}\u2019\n`,
          exitCode: 1,
        };
      count = Number(m[2]);
      fromStart = tool === "tail" && m[1] === "+";
    }
    const r = readInputs(tool, files, ctx);
    const stderr =
      tool === "head"
        ? r.stderr.replace(/^head: (.*): No such/m, "head: cannot open '$1' for reading: No such")
        : r.stderr.replace(/^tail: (.*): No such/m, "tail: cannot open '$1' for reading: No such");
    let stdout = "";
    r.inputs.forEach((input, idx) => {
      if (r.inputs.length > 1)
        stdout += `${idx > 0 ? "\n" : ""}==> ${input.name === "-" ? "standard input" : input.name} <==\n`;
      if (bytes) {
        stdout +=
          tool === "head"
            ? input.text.slice(0, count)
            : fromStart
              ? input.text.slice(Math.max(0, count - 1))
              : count === 0
                ? ""
                : input.text.slice(-count);
        return;
      }
      const parts = input.text.split("\n");
      const trailing = parts[parts.length - 1] === "";
      if (trailing) parts.pop();
      let chosen: string[];
      if (tool === "head") chosen = parts.slice(0, count);
      else if (fromStart) chosen = parts.slice(Math.max(0, count - 1));
      else chosen = count === 0 ? [] : parts.slice(-count);
      const lastIncluded = chosen.length > 0 && (tool === "tail" || chosen.length === parts.length);
      stdout += chosen.join("\n") + (chosen.length > 0 && (trailing || !lastIncluded) ? "\n" : "");
    });
    return { world: ctx.world, stdout, stderr, exitCode: r.failed ? 1 : 0 };
  };
}

export const head = headTail("head");
export const tail = headTail("tail");

/** Bytes in UTF-8, which is what wc -c counts. */
function utf8Length(s: string): number {
  let n = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}

export const wc: Command = (argv, ctx) => {
  let lines = false;
  let words = false;
  let chars = false;
  const files: string[] = [];
  for (const a of argv.slice(1)) {
    if (a.startsWith("-") && a !== "-") {
      for (const ch of a.slice(1)) {
        if (ch === "l") lines = true;
        else if (ch === "w") words = true;
        else if (ch === "c" || ch === "m") chars = true;
        else return usageError(ctx, "wc", `invalid option -- '${ch}'`);
      }
    } else files.push(a);
  }
  if (!lines && !words && !chars) lines = words = chars = true;
  const r = readInputs("wc", files, ctx);
  const rows = r.inputs.map((i) => ({
    name: i.name === "-" && files.length === 0 ? "" : i.name,
    l: (i.text.match(/\n/g) ?? []).length,
    w: (i.text.match(/\S+/g) ?? []).length,
    c: utf8Length(i.text),
  }));
  if (rows.length > 1)
    rows.push({
      name: "total",
      l: rows.reduce((s, x) => s + x.l, 0),
      w: rows.reduce((s, x) => s + x.w, 0),
      c: rows.reduce((s, x) => s + x.c, 0),
    });
  const selected = [lines, words, chars].filter(Boolean).length;
  const fromStdin = r.inputs.some((i) => i.name === "-");
  const totalBytes = r.inputs.reduce((s, i) => s + utf8Length(i.text), 0);
  const width = selected === 1 && r.inputs.length === 1 ? 1 : fromStdin ? 7 : String(totalBytes).length;
  const stdout = rows
    .map((row) => {
      const cols: number[] = [];
      if (lines) cols.push(row.l);
      if (words) cols.push(row.w);
      if (chars) cols.push(row.c);
      return cols.map((n) => String(n).padStart(width, " ")).join(" ") + (row.name ? ` ${row.name}` : "") + "\n";
    })
    .join("");
  return { world: ctx.world, stdout, stderr: r.stderr, exitCode: r.failed ? 1 : 0 };
};

/** `1,3-5,7-` → a membership test on 1-based positions. */
function parseList(spec: string): ((n: number) => boolean) | null {
  const ranges: [number, number][] = [];
  for (const part of spec.split(",")) {
    const m = /^(\d*)(-?)(\d*)$/.exec(part);
    if (!m || (m[1] === "" && m[3] === "") || m[1] === "0") return null;
    const from = m[1] === "" ? 1 : Number(m[1]);
    const to = m[2] === "" ? from : m[3] === "" ? Infinity : Number(m[3]);
    ranges.push([from, to]);
  }
  return (n) => ranges.some(([a, b]) => n >= a && n <= b);
}

export const cut: Command = (argv, ctx) => {
  let delim = "\t";
  let fields: string | undefined;
  let chars: string | undefined;
  let onlyDelimited = false;
  const files: string[] = [];
  const args = argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "-d") delim = args[++i] ?? "";
    else if (a.startsWith("-d")) delim = a.slice(2);
    else if (a === "-f") fields = args[++i];
    else if (a.startsWith("-f")) fields = a.slice(2);
    else if (a === "-c" || a === "-b") chars = args[++i];
    else if (a.startsWith("-c") || a.startsWith("-b")) chars = a.slice(2);
    else if (a === "-s") onlyDelimited = true;
    else if (a.startsWith("-") && a !== "-") return usageError(ctx, "cut", `invalid option -- '${a[1]}'`);
    else files.push(a);
  }
  if (delim.length !== 1) return usageError(ctx, "cut", "the delimiter must be a single character");
  if (fields === undefined && chars === undefined)
    return usageError(ctx, "cut", "you must specify a list of bytes, characters, or fields");
  const pick = parseList(fields ?? chars ?? "");
  if (!pick)
    return usageError(
      ctx,
      "cut",
      fields !== undefined ? "fields are numbered from 1" : "byte/character positions are numbered from 1",
    );
  const r = readInputs("cut", files, ctx);
  let stdout = "";
  for (const line of r.inputs.flatMap((i) => splitLines(i.text))) {
    if (chars !== undefined) {
      stdout += [...line].filter((_, i) => pick(i + 1)).join("") + "\n";
    } else if (!line.includes(delim)) {
      if (!onlyDelimited) stdout += line + "\n";
    } else {
      stdout +=
        line
          .split(delim)
          .filter((_, i) => pick(i + 1))
          .join(delim) + "\n";
    }
  }
  return { world: ctx.world, stdout, stderr: r.stderr, exitCode: r.failed ? 1 : 0 };
};

export const uniq: Command = (argv, ctx) => {
  let count = false;
  let dupOnly = false;
  let uniqueOnly = false;
  let ignoreCase = false;
  const files: string[] = [];
  for (const a of argv.slice(1)) {
    if (a.startsWith("-") && a !== "-") {
      for (const ch of a.slice(1)) {
        if (ch === "c") count = true;
        else if (ch === "d") dupOnly = true;
        else if (ch === "u") uniqueOnly = true;
        else if (ch === "i") ignoreCase = true;
        else return usageError(ctx, "uniq", `invalid option -- '${ch}'`);
      }
    } else files.push(a);
  }
  const r = readInputs("uniq", files.slice(0, 1), ctx);
  const lines = r.inputs.flatMap((i) => splitLines(i.text));
  const same = (a: string, b: string) => (ignoreCase ? a.toLowerCase() === b.toLowerCase() : a === b);
  let stdout = "";
  for (let i = 0; i < lines.length;) {
    let j = i + 1;
    while (j < lines.length && same(lines[i]!, lines[j]!)) j++;
    const n = j - i;
    if (!(dupOnly && n < 2) && !(uniqueOnly && n > 1))
      stdout += (count ? `${String(n).padStart(7, " ")} ` : "") + lines[i] + "\n";
    i = j;
  }
  return { world: ctx.world, stdout, stderr: r.stderr, exitCode: r.failed ? 1 : 0 };
};
