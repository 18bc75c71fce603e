/**
 * The `read` builtin (bash 5.2, and busybox ash's, which words errors alike enough for
 * the common forms): one line of stdin split on IFS into the names given (the last takes
 * the rest), `REPLY` without names, `-r` keeps backslashes, bash's `-a NAME` fills an array,
 * `-u FD` reads a descriptor the shell keeps. It reads only its line, so a `while read line`
 * loop takes the next one each turn (CommandResult.consumed).
 */
import type { Command, CommandContext, CommandResult, Session } from "../../command.ts";
import { readableText, readPast } from "../../fd-table.ts";
import { machineOf, shellOf } from "../../machine.ts";
import type { Sink } from "../../output.ts";
import { lookupVar, NAME, setVar } from "../../vars.ts";
import { assignArray } from "../../arrays.ts";
import { LIMITS } from "../../../limits.ts";

export const read: Command = (argv, ctx): CommandResult => {
  const { world } = ctx;
  const sh = ctx.session.shell === "sh";
  const where = ctx.session.shell === "bash-c" ? "bash: line 1: " : sh ? "sh: " : "bash: ";
  let raw = false;
  let fdArg: string | undefined;
  /** bash's `-a NAME`: the fields go into an indexed array, one element each. */
  let array: string | undefined;
  const names: string[] = [];
  const args = argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (names.length === 0 && a.startsWith("-") && a.length > 1) {
      if (a === "--") continue;
      for (let k = 1; k < a.length; k++) {
        const f = a[k]!;
        if (f === "r") raw = true;
        else if ((f === "a" || f === "u") && !sh) {
          // The option's argument is the rest of the word, or the next word.
          const value = k + 1 < a.length ? a.slice(k + 1) : args[++i];
          if (value === undefined) {
            const stderr = `${where}read: -${f}: option requires an argument\nread: usage: read [-ers] [-a array] [-d delim] [-i text] [-n nchars] [-N nchars] [-p prompt] [-t timeout] [-u fd] [name ...]\n`;
            return { world, stdout: "", stderr, exitCode: 2 };
          }
          if (f === "a") array = value;
          else fdArg = value;
          break;
        } else if (f === "s" || f === "e") continue;
        else if (f === "p")
          i++; // the prompt shows only on a terminal
        else {
          const stderr = sh
            ? `sh: read: illegal option -${f}\n`
            : `${where}read: -${f}: invalid option\nread: usage: read [-ers] [-a array] [-d delim] [-i text] [-n nchars] [-N nchars] [-p prompt] [-t timeout] [-u fd] [name ...]\n`;
          return { world, stdout: "", stderr, exitCode: 2 };
        }
      }
      continue;
    }
    names.push(a);
  }
  for (const n of array !== undefined ? [array] : names) {
    if (!NAME.test(n)) {
      const stderr = sh ? `sh: read: '${n}': bad variable name\n` : `${where}read: \`${n}': not a valid identifier\n`;
      return { world, stdout: "", stderr, exitCode: 1, consumed: 0 };
    }
  }
  const from = fdArg === undefined || fdArg === "0" ? undefined : descriptor(ctx, fdArg, where);
  if (from && "error" in from) return { world, stdout: "", stderr: from.error, exitCode: 1, consumed: 0 };
  const input = from ? from.text : ctx.stdin;
  // Without -r a backslash-newline joins lines and a backslash quotes the next character.
  let line = "";
  let pos = 0;
  let complete = false;
  while (pos < input.length) {
    const c = input[pos]!;
    if (c === "\n") {
      pos++;
      complete = true;
      break;
    }
    if (c === "\\" && !raw && pos + 1 < input.length) {
      if (input[pos + 1] !== "\n") line += "\uE001" + input[pos + 1];
      pos += 2;
      continue;
    }
    line += c;
    pos++;
  }
  if (pos === 0 && input.length === 0) return { world, stdout: "", stderr: "", exitCode: 1, consumed: 0 };
  const ifs = lookupVar(world, ctx.session, "IFS") ?? " \t\n";
  // What was read: a descriptor (-u) moves its own offset; stdin is the caller's to move.
  const finish = (session: Session): CommandResult =>
    from
      ? {
          world,
          stdout: "",
          stderr: "",
          exitCode: complete ? 0 : 1,
          session: { ...session, fds: { ...session.fds, [from.fd]: readPast(from.sink, pos) } },
        }
      : { world, stdout: "", stderr: "", exitCode: complete ? 0 : 1, consumed: pos, session };
  if (array !== undefined) {
    const fields = split(line, ifs, LIMITS.maxWords);
    // The end of the line is no field of its own: `a,b,` is two.
    if (fields[fields.length - 1] === "") fields.pop();
    const values = fields.map((v) => v.replace(/\uE001(.)/g, "$1"));
    return finish(assignArray(ctx.session, array, values, false));
  }
  const targets = names.length > 0 ? names : ["REPLY"];
  const values = split(line, names.length > 0 ? ifs : "", targets.length);
  let session = ctx.session;
  targets.forEach((n, i) => {
    const r = setVar(session, n, (values[i] ?? "").replace(/\uE001(.)/g, "$1"), (session.exported ?? []).includes(n));
    if (r.ok) session = r.session;
  });
  return finish(session);
};

/** `read -u FD`: bash reads the shell's descriptor FD instead of stdin. */
function descriptor(
  ctx: CommandContext,
  arg: string,
  where: string,
): { readonly fd: number; readonly sink: Sink; readonly text: string } | { readonly error: string } {
  if (!/^\d+$/.test(arg)) return { error: `${where}read: ${arg}: invalid file descriptor specification\n` };
  const fd = Number(arg);
  const sink = ctx.session.fds?.[fd];
  const readable = sink
    ? readableText(ctx.world, ctx.session, shellOf(ctx.session, machineOf(ctx.world, ctx.session)), sink)
    : undefined;
  if (!sink || readable === undefined)
    return { error: `${where}read: ${arg}: invalid file descriptor: Bad file descriptor\n` };
  return { fd, sink, text: readable };
}

/** Fields as read splits them: IFS whitespace trimmed at both ends, the last field keeps the rest. */
function split(line: string, ifs: string, count: number): string[] {
  if (ifs === "") return [line];
  const white = [...ifs].filter((c) => c === " " || c === "\t" || c === "\n").join("");
  const isWhite = (c: string) => white.includes(c);
  const isSep = (c: string) => ifs.includes(c);
  let i = 0;
  const out: string[] = [];
  const n = line.length;
  while (i < n && isWhite(line[i]!)) i++;
  while (out.length < count - 1 && i < n) {
    let field = "";
    while (i < n && !(isSep(line[i]!) && line[i - 1] !== "\uE001")) field += line[i++];
    out.push(field);
    // one separator: whitespace around a non-whitespace one counts as one
    while (i < n && isWhite(line[i]!)) i++;
    if (i < n && isSep(line[i]!) && !isWhite(line[i]!)) {
      i++;
      while (i < n && isWhite(line[i]!)) i++;
    }
  }
  let rest = line.slice(i);
  while (rest.length > 0 && isWhite(rest[rest.length - 1]!) && rest[rest.length - 2] !== "\uE001")
    rest = rest.slice(0, -1);
  if (i < n || out.length < count) out.push(rest);
  return out;
}
