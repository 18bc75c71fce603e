/**
 * `umask [-p] [-S] [mode]` as bash 5.2 (umask.def) and busybox ash answer it: the mask is the
 * shell's own (the session's), printed in octal or as the permissions it leaves (`-S`), set
 * from octal or from a symbolic mode applied to those permissions. Only the first mode word
 * counts, as in bash. The lab's files keep the modes they are made with (644, 755): the mask
 * is the shell's state, which `umask` shows.
 */
import type { Command, CommandResult } from "../../command.ts";
import type { World } from "../../../world.ts";
import { builtinShell } from "../../machine.ts";
import { builtinFlags } from "../../lib/builtin-flags.ts";

const DEFAULT_UMASK = 0o022;

function symbolic(mask: number): string {
  const perms = ~mask & 0o777;
  const part = (who: string, shift: number) => {
    const p = (perms >> shift) & 7;
    return `${who}=${p & 4 ? "r" : ""}${p & 2 ? "w" : ""}${p & 1 ? "x" : ""}`;
  };
  return `${part("u", 6)},${part("g", 3)},${part("o", 0)}`;
}

const octal = (mask: number) => mask.toString(8).padStart(4, "0");

/** A symbolic mode (`u=rwx,go=`, `g-w`, `a+r`) applied to the permissions the mask leaves; a message when it is not one. */
function applySymbolic(text: string, mask: number): number | { bad: string; what: "operator" | "character" } {
  let perms = ~mask & 0o777;
  for (const clause of text.split(",")) {
    let i = 0;
    let who = 0;
    for (; i < clause.length && "ugoa".includes(clause[i]!); i++)
      who |= { u: 0o700, g: 0o070, o: 0o007, a: 0o777 }[clause[i] as "u" | "g" | "o" | "a"];
    if (who === 0) who = 0o777;
    if (i >= clause.length) return { bad: clause[i - 1] ?? "", what: "operator" };
    // Several actions may follow one another (`u+r-w`).
    while (i < clause.length) {
      const op = clause[i]!;
      if (op !== "+" && op !== "-" && op !== "=") return { bad: op, what: "operator" };
      i++;
      let bits = 0;
      for (; i < clause.length && !"+-=".includes(clause[i]!); i++) {
        const c = clause[i]!;
        if (c === "r") bits |= 0o444;
        else if (c === "w") bits |= 0o222;
        else if (c === "x") bits |= 0o111;
        else return { bad: c, what: "character" };
      }
      bits &= who;
      perms = op === "+" ? perms | bits : op === "-" ? perms & ~bits : (perms & ~who) | bits;
    }
  }
  return ~perms & 0o777;
}

function done(world: World, stdout: string, mask: number, ctx: Parameters<Command>[1]): CommandResult {
  return { world, stdout, stderr: "", exitCode: 0, session: { ...ctx.session, umask: mask } };
}

export const umask: Command = (argv, ctx) => {
  const { world, session } = ctx;
  const { sh, prefix } = builtinShell(world, session);
  const mask = session.umask ?? DEFAULT_UMASK;
  // busybox ash names the line only under `sh -c`.
  const ash = (text: string) => `sh: umask: ${session.noTty ? "line 0: " : ""}${text}\n`;
  const opts = builtinFlags(argv, sh ? "S" : "pS");
  if ("bad" in opts) {
    const stderr = sh
      ? ash(`illegal option -${opts.bad}`)
      : `${prefix}umask: -${opts.bad}: invalid option\numask: usage: umask [-p] [-S] [mode]\n`;
    return { world, stdout: "", stderr, exitCode: 2 };
  }
  const print = opts.flags.has("p");
  const sym = opts.flags.has("S");
  const mode = argv[opts.next];
  if (mode === undefined) {
    const shown = sym ? symbolic(mask) : octal(mask);
    return done(world, `${print ? (sym ? "umask -S " : "umask ") : ""}${shown}\n`, mask, ctx);
  }
  let next: number;
  if (/^\d/.test(mode)) {
    const n = /^[0-7]+$/.test(mode) ? parseInt(mode, 8) : -1;
    if (n < 0 || n > 0o777) {
      const stderr = sh ? ash(`illegal mode: ${mode}`) : `${prefix}umask: ${mode}: octal number out of range\n`;
      return { world, stdout: "", stderr, exitCode: sh ? 2 : 1 };
    }
    next = n;
  } else {
    const r = applySymbolic(mode, mask);
    if (typeof r !== "number") {
      const stderr = sh
        ? ash(`illegal mode: ${mode}`)
        : `${prefix}umask: \`${r.bad}': invalid symbolic mode ${r.what}\n`;
      return { world, stdout: "", stderr, exitCode: sh ? 2 : 1 };
    }
    next = r;
  }
  return done(world, sym ? `${symbolic(next)}\n` : "", next, ctx);
};
