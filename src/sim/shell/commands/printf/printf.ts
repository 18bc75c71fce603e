/**
 * `printf`, as bash 5.2 builds it in (and busybox's, in a container's sh): `%s %b %c %d %i
 * %u %x %X %o %f %e %g %%` with flags, width and precision (`%5s`, `%-5s`, `%05d`,
 * `%.2f`), backslash escapes, and the format used again while arguments remain.
 */
import { shellQuoted } from "./quote.ts";
import type { Command, CommandResult } from "../../command.ts";
import { NAME, setVar } from "../../vars.ts";

const ESCAPES: Readonly<Record<string, string>> = {
  n: "\n", t: "\t", r: "\r", a: "\x07", b: "\b", f: "\f", v: "\v", "\\": "\\", '"': '"', "'": "'", e: "\x1b",
}; // prettier-ignore

/** Backslash escapes in the format (and in `%b` arguments); `\c` stops all output. */
function unescape(s: string): { text: string; stop: boolean } {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c !== "\\" || i + 1 >= s.length) {
      out += c;
      continue;
    }
    const n = s[i + 1]!;
    if (n === "c") return { text: out, stop: true };
    if (Object.hasOwn(ESCAPES, n)) {
      out += ESCAPES[n];
      i++;
    } else if (/[0-7]/.test(n)) {
      const m = /^[0-7]{1,3}/.exec(s.slice(i + 1 + (n === "0" ? 1 : 0)))?.[0] ?? "";
      out += String.fromCharCode(parseInt(m || "0", 8) & 0xff);
      i += (n === "0" ? 1 : 0) + m.length;
    } else if (n === "x" && /[0-9a-fA-F]/.test(s[i + 2] ?? "")) {
      const m = /^[0-9a-fA-F]{1,2}/.exec(s.slice(i + 2))![0];
      out += String.fromCharCode(parseInt(m, 16));
      i += 1 + m.length;
    } else out += c;
  }
  return { text: out, stop: false };
}

function pad(s: string, flags: string, width: number): string {
  if (s.length >= width) return s;
  if (flags.includes("-")) return s + " ".repeat(width - s.length);
  if (flags.includes("0") && /^[+-]?[0-9a-fA-F.]/.test(s) && !/[a-zA-Z]{3}/.test(s)) {
    const sign = /^[+-]/.test(s) ? s[0]! : "";
    return sign + "0".repeat(width - s.length) + s.slice(sign.length);
  }
  return " ".repeat(width - s.length) + s;
}

export const printf: Command = (argv, ctx): CommandResult => {
  const sh = ctx.session.shell === "sh";
  const where = ctx.session.shell === "bash-c" ? "bash: line 1: " : "bash: ";
  const args = argv.slice(1);
  if (!sh && args[0] === "-v") return printfToVar(args, ctx, where);
  if (args[0] === "--") args.shift();
  if (args.length === 0) {
    const stderr = sh
      ? "sh: usage: printf FORMAT [ARGUMENT...]\n"
      : "printf: usage: printf [-v var] format [arguments]\n";
    return { world: ctx.world, stdout: "", stderr, exitCode: 2 };
  }
  const format = args[0]!;
  const values = args.slice(1);
  let stdout = "";
  let stderr = "";
  let status = 0;
  let next = 0;
  const take = (): string | undefined => (next < values.length ? values[next++] : undefined);
  const number = (v: string | undefined, float: boolean): number => {
    if (v === undefined || v === "") {
      if (sh) {
        stderr += `sh: invalid number ''\n`;
        status = 1;
      }
      return 0;
    }
    if (/^['"]./.test(v)) return v.charCodeAt(1);
    const t = v.trim();
    const m = float ? /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.exec(t) : /^[+-]?(0[xX][0-9a-fA-F]+|\d+)$/.exec(t);
    if (m) return float ? Number(t) : Number(t.replace(/^([+-]?)0[xX]/, "$10x")) || parseInt(t, 10) || 0;
    status = 1;
    stderr += sh ? `sh: invalid number '${v}'\n` : `${where}printf: ${v}: invalid number\n`;
    // bash prints what it could read before the bad character; busybox prints 0.
    const lead = sh ? null : /^[+-]?\d+/.exec(t);
    return lead ? Number(lead[0]) : 0;
  };
  for (let round = 0; round < 10_000; round++) {
    let i = 0;
    let consumed = false;
    while (i < format.length) {
      const c = format[i]!;
      if (c === "\\") {
        const end = /^\\(0[0-7]{0,3}|[0-7]{1,3}|x[0-9a-fA-F]{1,2}|.)/s.exec(format.slice(i))![0];
        const u = unescape(end);
        stdout += u.text;
        if (u.stop) return { world: ctx.world, stdout, stderr, exitCode: status };
        i += end.length;
        continue;
      }
      if (c !== "%") {
        stdout += c;
        i++;
        continue;
      }
      const m = /^%([-+ #0]*)(\*|\d+)?(?:\.(\*|\d*))?([a-zA-Z%])?/.exec(format.slice(i))!;
      i += m[0].length;
      const flags = m[1] ?? "";
      const conv = m[4];
      if (conv === "%") {
        stdout += "%";
        continue;
      }
      const width = m[2] === "*" ? number(take(), false) : Number(m[2] ?? 0);
      const precRaw = m[3] === "*" ? String(number(take(), false)) : m[3];
      const prec = precRaw === undefined ? undefined : Number(precRaw || 0);
      if (conv === undefined || !"sbcdiuxXofeEgGq".includes(conv) || (sh && conv === "q")) {
        const rest = format.slice(i - m[0].length);
        stderr += sh
          ? `sh: ${rest}: invalid format\n`
          : `${where}printf: \`${format[i] ?? ""}': invalid format character\n`;
        return { world: ctx.world, stdout, stderr, exitCode: 1 };
      }
      consumed = true;
      const v = take();
      let s: string;
      if (conv === "s") s = v ?? "";
      else if (conv === "q") s = shellQuoted(v ?? "");
      else if (conv === "b") {
        const u = unescape(v ?? "");
        s = u.text;
        if (u.stop) {
          stdout += pad(s, flags, width);
          return { world: ctx.world, stdout, stderr, exitCode: status };
        }
      } else if (conv === "c") s = (v ?? "").slice(0, 1);
      else if ("diu".includes(conv)) {
        const n = Math.trunc(number(v, false));
        s = String(Math.abs(n));
        if (prec !== undefined) s = s.padStart(prec, "0");
        s = (n < 0 ? "-" : flags.includes("+") ? "+" : flags.includes(" ") ? " " : "") + s;
      } else if ("xXo".includes(conv)) {
        let n = Math.trunc(number(v, false));
        if (n < 0) n = 2 ** 64 + n;
        s = n.toString(conv === "o" ? 8 : 16);
        if (conv === "X") s = s.toUpperCase();
        if (prec !== undefined) s = s.padStart(prec, "0");
        if (flags.includes("#") && n !== 0) s = (conv === "o" ? "0" : conv === "X" ? "0X" : "0x") + s;
      } else {
        const n = number(v, true);
        const p = prec ?? 6;
        if (conv === "f") s = n.toFixed(p);
        else if (conv === "e" || conv === "E") {
          s = n.toExponential(p).replace(/e([+-])(\d)$/, "e$10$2");
          if (conv === "E") s = s.toUpperCase();
        } else {
          s = String(Number(n.toPrecision(p === 0 ? 1 : p)));
          if (conv === "G") s = s.toUpperCase();
        }
        if (n >= 0 && flags.includes("+")) s = "+" + s;
      }
      if (conv === "s" && prec !== undefined) s = s.slice(0, prec);
      stdout += pad(s, flags, width);
    }
    if (!consumed || next >= values.length) break;
  }
  // bash writes its errors at once and its output when done: the errors come first.
  const output = [
    { stream: "stderr" as const, text: stderr },
    { stream: "stdout" as const, text: stdout },
  ].filter((c) => c.text !== "");
  return { world: ctx.world, stdout, stderr, exitCode: status, output };
};

/** bash's `printf -v NAME FORMAT …`: what it would print goes into NAME instead. */
function printfToVar(args: readonly string[], ctx: Parameters<Command>[1], where: string): CommandResult {
  const name = args[1];
  const usage = "printf: usage: printf [-v var] format [arguments]\n";
  const refuse = (stderr: string): CommandResult => ({ world: ctx.world, stdout: "", stderr, exitCode: 2 });
  if (name === undefined) return refuse(`${where}printf: -v: option requires an argument\n${usage}`);
  if (!NAME.test(name)) return refuse(`${where}printf: \`${name}': not a valid identifier\n`);
  const r = printf(["printf", ...args.slice(2)], ctx);
  if (args.length < 3) return r;
  const set = setVar(ctx.session, name, r.stdout, (ctx.session.exported ?? []).includes(name));
  const errs = (r.output ?? []).filter((c) => c.stream === "stderr");
  if (!set.ok) return { world: r.world, stdout: "", stderr: r.stderr + set.error, exitCode: 1 };
  return { world: r.world, stdout: "", stderr: r.stderr, exitCode: r.exitCode, output: errs, session: set.session };
}
