/**
 * `tr` (GNU coreutils 9.1, and busybox's in a container): translate SET1 to SET2, `-d`
 * delete, `-s` squeeze, `-c` complement, with ranges (`a-z`), escapes (`\n`) and the
 * classes a learner uses (`[:upper:]`, `[:lower:]`, `[:digit:]`, `[:space:]`, `[:alpha:]`, `[:alnum:]`).
 */
import type { Command, CommandResult } from "../../command.ts";
import { isBusybox, machineOf } from "../../machine.ts";

const CLASSES: Readonly<Record<string, string>> = {
  upper: "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
  lower: "abcdefghijklmnopqrstuvwxyz",
  digit: "0123456789",
  space: " \t\n\v\f\r",
  blank: " \t",
  alpha: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
  alnum: "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
  punct: "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~",
};
const ESC: Readonly<Record<string, string>> = {
  n: "\n",
  t: "\t",
  r: "\r",
  "\\": "\\",
  v: "\v",
  f: "\f",
  a: "\x07",
  b: "\b",
};

/** A set's characters in order, or the error GNU tr gives for it. */
function expand(set: string): string[] | { error: string } {
  const chars: string[] = [];
  for (let i = 0; i < set.length; i++) {
    const cls = /^\[:([a-z]+):\]/.exec(set.slice(i));
    if (cls) {
      const c = CLASSES[cls[1]!];
      if (c === undefined) return { error: `invalid character class '${cls[1]}'` };
      chars.push(...c);
      i += cls[0].length - 1;
      continue;
    }
    let c = set[i]!;
    if (c === "\\" && i + 1 < set.length) {
      const n = set[i + 1]!;
      const oct = /^[0-7]{1,3}/.exec(set.slice(i + 1));
      if (oct) {
        c = String.fromCharCode(parseInt(oct[0], 8));
        i += oct[0].length;
      } else {
        c = ESC[n] ?? n;
        i++;
      }
    }
    if (set[i + 1] === "-" && i + 2 < set.length) {
      let end = set[i + 2]!;
      let skip = 2;
      if (end === "\\" && i + 3 < set.length) {
        end = ESC[set[i + 3]!] ?? set[i + 3]!;
        skip = 3;
      }
      if (end.charCodeAt(0) < c.charCodeAt(0))
        return { error: `range-endpoints of '${c}-${end}' are in reverse collating sequence order` };
      for (let x = c.charCodeAt(0); x <= end.charCodeAt(0); x++) chars.push(String.fromCharCode(x));
      i += skip;
      continue;
    }
    chars.push(c);
  }
  return chars;
}

export const tr: Command = (argv, ctx): CommandResult => {
  const bb = isBusybox(machineOf(ctx.world, ctx.session), "tr");
  let del = false;
  let squeeze = false;
  let comp = false;
  const sets: string[] = [];
  const err = (msg: string, usage = true): CommandResult => ({
    world: ctx.world,
    stdout: "",
    stderr: bb ? `tr: ${msg}\n` : `tr: ${msg}\n${usage ? "Try 'tr --help' for more information.\n" : ""}`,
    exitCode: 1,
  });
  for (const a of argv.slice(1)) {
    if (sets.length === 0 && /^-[dscC]+$/.test(a)) {
      del ||= a.includes("d");
      squeeze ||= a.includes("s");
      comp ||= a.includes("c") || a.includes("C");
    } else if (sets.length === 0 && a.startsWith("-") && a.length > 1 && a !== "--") {
      return err(`invalid option -- '${a[1]}'`);
    } else if (a !== "--" || sets.length > 0) sets.push(a);
  }
  if (sets.length === 0 && bb)
    return {
      world: ctx.world,
      stdout: "",
      stderr:
        "BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n\nUsage: tr [-cds] STRING1 [STRING2]\n\nTranslate, squeeze, or delete characters from stdin, writing to stdout\n\n\t-c\tTake complement of STRING1\n\t-d\tDelete input characters coded STRING1\n\t-s\tSqueeze multiple output characters of STRING2 into one character\n",
      exitCode: 1,
    };
  if (sets.length === 0) return err("missing operand");
  if (!del && !squeeze && sets.length === 1)
    return err(`missing operand after \u2018${sets[0]}\u2019\nTwo strings must be given when translating.`);
  if (del && !squeeze && sets.length > 1)
    return err(
      `extra operand \u2018${sets[1]}\u2019\nOnly one string may be given when deleting without squeezing repeats.`,
    );
  if (sets.length > 2) return err(`extra operand \u2018${sets[2]}\u2019`);
  const s1 = expand(sets[0]!);
  if ("error" in s1) return err(s1.error, false);
  const s2 = sets[1] !== undefined ? expand(sets[1]) : [];
  if ("error" in s2) return err(s2.error, false);
  const in1 = (c: string) => s1.includes(c) !== comp;
  const map = new Map<string, string>();
  if (!del && sets.length === 2) {
    if (s2.length === 0) return err("when not truncating set1, string2 must be non-empty", false);
    if (comp) {
      for (let x = 0; x < 256; x++) {
        const c = String.fromCharCode(x);
        if (!s1.includes(c)) map.set(c, s2[s2.length - 1]!);
      }
    } else s1.forEach((c, i) => map.set(c, s2[Math.min(i, s2.length - 1)]!));
  }
  const squeezeSet = (c: string) => (sets.length === 2 && !del ? s2.includes(c) : del ? s2.includes(c) : in1(c));
  let out = "";
  let prev = "";
  for (const ch of ctx.stdin) {
    if (del && in1(ch)) continue;
    const c = map.get(ch) ?? ch;
    if (squeeze && c === prev && squeezeSet(c)) continue;
    out += c;
    prev = c;
  }
  return { world: ctx.world, stdout: out, stderr: "", exitCode: 0 };
};
