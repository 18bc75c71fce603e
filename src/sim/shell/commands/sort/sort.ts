/** `sort` (GNU coreutils 9.1, C locale: bytewise order). */
import type { Command } from "../../command.ts";
import { readInputs } from "../../lib/inputs.ts";
import { splitLines, usageError } from "../../lib/text.ts";

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
