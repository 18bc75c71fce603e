/**
 * `hash`: the shell's table of where it found programs. The lab's shell looks a program
 * up afresh each time it runs one, so only `hash NAME` enters a program (0 hits); `-t`
 * prints where it is and counts a hit, `-d` forgets one, `-r` them all, `-l` prints the
 * table as commands. busybox ash prints nothing.
 */
import type { Command } from "../../command.ts";
import { providerOf, shellOf, machineOf } from "../../machine.ts";
import { type CommandModule, flag, FREE } from "../../spec.ts";
import { programPath } from "../type/type.ts";

type Table = Readonly<Record<string, { readonly path: string; readonly hits: number }>>;

const hash: Command = (argv, ctx) => {
  const shell = shellOf(ctx.session, machineOf(ctx.world, ctx.session));
  const names = argv.slice(1).filter((a) => !a.startsWith("-"));
  const flags = new Set(argv.slice(1).flatMap((a) => (a.startsWith("-") ? [...a.slice(1)] : [])));
  if (shell === "sh") return { world: ctx.world, stdout: "", stderr: "", exitCode: 0 };
  const machine = machineOf(ctx.world, ctx.session);
  const prefix = `bash: ${shell === "bash-c" ? "line 1: " : ""}hash: `;
  let table: Table = ctx.session.hashed ?? {};
  const done = (stdout: string, stderr: string, next: Table = table) => ({
    world: ctx.world,
    stdout,
    stderr,
    exitCode: stderr ? 1 : 0,
    ...(next !== ctx.session.hashed ? { session: { ...ctx.session, hashed: next } } : {}),
  });
  if (flags.has("r")) table = {};
  if (flags.has("d")) {
    const rest = { ...table };
    let stderr = "";
    for (const n of names) {
      if (Object.hasOwn(rest, n)) delete rest[n];
      else stderr += `${prefix}${n}: not found\n`;
    }
    return done("", stderr, rest);
  }
  if (flags.has("t")) {
    let stdout = "";
    let stderr = "";
    const next: Record<string, { path: string; hits: number }> = { ...table };
    for (const n of names) {
      const e = next[n];
      if (!e) stderr += `${prefix}${n}: not found\n`;
      else {
        next[n] = { ...e, hits: e.hits + 1 };
        stdout += names.length > 1 ? `${n}\t${e.path}\n` : `${e.path}\n`;
      }
    }
    return done(stdout, stderr, next);
  }
  if (names.length === 0) {
    const entries = Object.entries(table);
    if (entries.length === 0) return done(flags.has("r") ? "" : "hash: hash table empty\n", "");
    if (flags.has("l")) return done(entries.map(([n, e]) => `builtin hash -p ${e.path} ${n}\n`).join(""), "");
    return done(`hits\tcommand\n${entries.map(([, e]) => `${String(e.hits).padStart(4)}\t${e.path}\n`).join("")}`, "");
  }
  let stderr = "";
  const next: Record<string, { path: string; hits: number }> = { ...table };
  for (const n of names) {
    const path = providerOf(machine, shell, n) === "builtin" ? undefined : programPath(machine, n);
    if (providerOf(machine, shell, n) === undefined) stderr += `${prefix}${n}: not found\n`;
    else if (path !== undefined && !n.includes("/")) next[n] = { path, hits: 0 };
  }
  return done("", stderr, next);
};

export const COMMAND: CommandModule = {
  spec: {
    name: "hash",
    summary: "Remember or display program locations.",
    options: [flag("-r"), flag("-t"), flag("-d"), flag("-l")],
    args: [FREE],
  },
  run: hash,
};
