/** `alias` and `unalias`: the shell's aliases, kept in the session (expanded by shell/alias.ts). */
import type { Command, Session } from "../../command.ts";
import { machineOf, shellOf } from "../../machine.ts";
import { type CommandModule, flag, FREE } from "../../spec.ts";

function quote(v: string): string {
  return `'${v.replace(/'/g, `'\\''`)}'`;
}

function prefixOf(session: Session, world: Parameters<Command>[1]["world"], tool: string): string {
  const shell = shellOf(session, machineOf(world, session));
  if (shell === "sh") return `sh: ${tool}: `;
  return `bash: ${shell === "bash-c" ? "line 1: " : ""}${tool}: `;
}

const alias: Command = (argv, ctx) => {
  const sh = shellOf(ctx.session, machineOf(ctx.world, ctx.session)) === "sh";
  const aliases = { ...ctx.session.aliases };
  const show = (n: string) => `${sh ? "" : "alias "}${n}=${quote(aliases[n]!)}\n`;
  const args = argv.slice(1).filter((a) => a !== "-p");
  if (args.length === 0) {
    const stdout = Object.keys(aliases).sort().map(show).join("");
    return { world: ctx.world, stdout, stderr: "", exitCode: 0 };
  }
  let stdout = "";
  let stderr = "";
  for (const a of args) {
    const eq = a.indexOf("=");
    if (eq > 0) aliases[a.slice(0, eq)] = a.slice(eq + 1);
    else if (Object.hasOwn(aliases, a)) stdout += show(a);
    else stderr += sh ? `sh: alias: ${a} not found\n` : `${prefixOf(ctx.session, ctx.world, "alias")}${a}: not found\n`;
  }
  return { world: ctx.world, stdout, stderr, exitCode: stderr ? 1 : 0, session: { ...ctx.session, aliases } };
};

const unalias: Command = (argv, ctx) => {
  const aliases = { ...ctx.session.aliases };
  let stderr = "";
  for (const a of argv.slice(1)) {
    if (a === "-a") {
      for (const k of Object.keys(aliases)) delete aliases[k];
    } else if (Object.hasOwn(aliases, a)) delete aliases[a];
    else stderr += `${prefixOf(ctx.session, ctx.world, "unalias")}${a}: not found\n`;
  }
  return { world: ctx.world, stdout: "", stderr, exitCode: stderr ? 1 : 0, session: { ...ctx.session, aliases } };
};

export const ALIAS_COMMANDS: readonly CommandModule[] = [
  { spec: { name: "alias", summary: "Define or display aliases.", options: [flag("-p")], args: [FREE] }, run: alias },
  {
    spec: {
      name: "unalias",
      summary: "Remove each NAME from the list of defined aliases.",
      options: [flag("-a")],
      args: [FREE],
    },
    run: unalias,
  },
];
