/**
 * bash's `declare`/`typeset` as scripts use it: `NAME=value` to set, `-x` to export,
 * `-i` to take the value as arithmetic, `-r` to freeze it, `-p NAME` to show how a variable
 * stands, `-A` to make an associative array, `-f`/`-F NAME` to print a function. `-u` and `-l`
 * change the case of the value given with them, not of later assignments (the lab keeps no such
 * attribute); `-g` is taken and ignored.
 */
import type { Command, CommandResult, Session } from "../../command.ts";
import { type CommandModule, FREE } from "../../spec.ts";
import { evalArith } from "../../arith.ts";
import { arrayOf, declareAssoc } from "../../arrays.ts";
import { functionText } from "../../func-text.ts";
import { exportedEnv, isReadonly, lookupVar, NAME, setVar } from "../../vars.ts";

function quoted(v: string): string {
  return `"${v.replace(/(["\\$`])/g, "\\$1")}"`;
}

const declare: Command = (argv, ctx): CommandResult => {
  const where = ctx.session.shell === "bash-c" ? "bash: line 1: " : "bash: ";
  const flags = new Set<string>();
  let i = 1;
  for (; i < argv.length && /^[-+][a-zA-Z]+$/.test(argv[i]!); i++)
    if (argv[i]![0] === "-") for (const f of argv[i]!.slice(1)) flags.add(f);
  let session: Session = ctx.session;
  let stdout = "";
  let stderr = "";
  let status = 0;
  const exported = (n: string) =>
    (session.exported ?? []).includes(n) ||
    (!Object.hasOwn(session.vars ?? {}, n) && Object.hasOwn(exportedEnv(ctx.world, session), n));
  for (const word of argv.slice(i)) {
    const eq = word.indexOf("=");
    const name = eq < 0 ? word : word.slice(0, eq);
    if (!NAME.test(name)) {
      stderr += `${where}declare: \`${word}': not a valid identifier\n`;
      status = 1;
      continue;
    }
    if (flags.has("p")) {
      const arr = arrayOf(session, name);
      const v = lookupVar(ctx.world, session, name);
      if (arr)
        stdout += `declare -a ${name}=(${arr.keys.map((k, j) => `[${k}]=${quoted(arr.values[j]!)}`).join(" ")})\n`;
      else if (v === undefined && !exported(name)) {
        stderr += `${where}declare: ${name}: not found\n`;
        status = 1;
      } else {
        const attrs = `${isReadonly(session, name) ? "r" : ""}${exported(name) ? "x" : ""}`;
        stdout += `declare -${attrs || "-"} ${name}${v === undefined ? "" : `=${quoted(v)}`}\n`;
      }
      continue;
    }
    if (flags.has("f") || flags.has("F")) {
      const body = Object.hasOwn(session.functions ?? {}, name) ? session.functions![name] : undefined;
      if (body === undefined) status = 1;
      else stdout += flags.has("F") ? `${name}\n` : functionText(name, body);
      continue;
    }
    if (flags.has("A")) session = declareAssoc(session, name);
    if (flags.has("i") && !(session.integers ?? []).includes(name))
      session = { ...session, integers: [...(session.integers ?? []), name] };
    let value = eq < 0 ? lookupVar(ctx.world, session, name) : word.slice(eq + 1);
    if (flags.has("u")) value = value?.toUpperCase();
    else if (flags.has("l")) value = value?.toLowerCase();
    if (flags.has("i") && value !== undefined) {
      const r = evalArith(value, { lookup: (n) => lookupVar(ctx.world, session, n), assign: () => {} });
      value = "value" in r ? String(r.value) : "0";
    }
    const exportIt = flags.has("x") || (session.exported ?? []).includes(name);
    const freeze = () => {
      if (flags.has("r") && !isReadonly(session, name))
        session = { ...session, readonlyVars: [...(session.readonlyVars ?? []), name] };
    };
    if (value === undefined) {
      // `declare -x NAME` marks it exported without a value.
      if (flags.has("x") && !(session.exported ?? []).includes(name))
        session = { ...session, exported: [...(session.exported ?? []), name] };
      freeze();
      continue;
    }
    const r =
      eq < 0 && isReadonly(session, name)
        ? { ok: true as const, session }
        : setVar(session, name, value, exportIt, ctx.session.shell);
    if (!r.ok) {
      stderr += r.error;
      status = 1;
    } else {
      session = r.session;
      freeze();
    }
  }
  return { world: ctx.world, stdout, stderr, exitCode: status, session };
};

export const COMMANDS: readonly CommandModule[] = [
  { spec: { name: "declare", summary: "Set variable values and attributes.", args: [FREE] }, run: declare },
  { spec: { name: "typeset", summary: "Set variable values and attributes.", args: [FREE] }, run: declare },
];
