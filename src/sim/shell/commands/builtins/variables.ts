/**
 * `export` and `unset`: the shell's variables live in its session. `export` alone
 * (or `-p`) lists the environment as bash does (`declare -x NAME="value"`).
 */
import type { Command, CommandResult } from "../../command.ts";
import { exportedEnv, setVar, unsetVar } from "../../vars.ts";

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function quoted(v: string): string {
  return `"${v.replace(/(["\\$`])/g, "\\$1")}"`;
}

export const exportCmd: Command = (argv, { world, session }): CommandResult => {
  const args = argv.slice(1).filter((a) => a !== "--");
  if (args.length === 0 || (args.length === 1 && args[0] === "-p")) {
    const env = exportedEnv(world, session);
    const text = Object.keys(env)
      .sort()
      .map((k) => `declare -x ${k}=${quoted(env[k]!)}\n`)
      .join("");
    return { world, stdout: text, stderr: "", exitCode: 0 };
  }
  let next = session;
  let stderr = "";
  for (const a of args) {
    const eq = a.indexOf("=");
    const name = eq < 0 ? a : a.slice(0, eq);
    if (!NAME.test(name)) {
      stderr += `bash: export: \`${a}': not a valid identifier\n`;
      continue;
    }
    const value = eq < 0 ? (next.vars?.[name] ?? exportedEnv(world, next)[name]) : a.slice(eq + 1);
    if (value === undefined) {
      next = { ...next, exported: [...(next.exported ?? []).filter((n) => n !== name), name] };
      continue;
    }
    const r = setVar(next, name, value, true);
    if (!r.ok) stderr += r.error;
    else next = r.session;
  }
  return { world, stdout: "", stderr, exitCode: stderr ? 1 : 0, session: next };
};

export const unsetCmd: Command = (argv, { world, session }): CommandResult => {
  let next = session;
  let stderr = "";
  for (const a of argv.slice(1)) {
    if (a === "-v" || a === "-f" || a === "--") continue;
    if (!NAME.test(a)) {
      stderr += `bash: unset: \`${a}': not a valid identifier\n`;
      continue;
    }
    next = unsetVar(world, next, a);
  }
  return { world, stdout: "", stderr, exitCode: stderr ? 1 : 0, session: next };
};
