/**
 * `export`, `readonly` and `unset`: the shell's variables live in its session. `export`
 * alone (or `-p`) lists the environment as bash does (`declare -x NAME="value"`);
 * `readonly` freezes names, which later assignments and `unset` then refuse.
 */
import type { Command, CommandContext, CommandResult, Session } from "../../command.ts";
import { machineOf, shellOf } from "../../machine.ts";
import { shellExit } from "../../control.ts";
import { errorPrefix } from "../../machine.ts";
import { exportedEnv, isReadonly, lookupVar, NAME, setVar, unsetVar } from "../../vars.ts";
import { bashReadonlyVars } from "./bash-readonly.ts";
import { evalArith } from "../../arith.ts";
import { isAssoc, unsetArray, unsetElement } from "../../arrays.ts";

function quoted(v: string): string {
  return `"${v.replace(/(["\\$`])/g, "\\$1")}"`;
}

function shellHere(ctx: Pick<CommandContext, "world" | "session">) {
  return shellOf(ctx.session, machineOf(ctx.world, ctx.session));
}

/** Leading options (`-p`, `-n`, `-f`…), then the words after them and after `--`. */
function split(argv: readonly string[]): { flags: Set<string>; words: string[] } {
  const flags = new Set<string>();
  let i = 1;
  for (; i < argv.length && /^-[a-zA-Z]+$/.test(argv[i]!); i++) for (const f of argv[i]!.slice(1)) flags.add(f);
  if (argv[i] === "--") i++;
  return { flags, words: argv.slice(i) };
}

export const exportCmd: Command = (argv, ctx): CommandResult => {
  const { world, session } = ctx;
  const { flags, words: args } = split(argv);
  if (args.length === 0) {
    const env = exportedEnv(world, session);
    // busybox ash lists them as it would read them back: `export NAME='value'`.
    const sh = shellHere(ctx) === "sh";
    const text = Object.keys(env)
      .sort()
      .map((k) =>
        sh
          ? `export ${k}='${env[k]!.replace(/'/g, "'\"'\"'")}'\n`
          : `declare -${isReadonly(session, k) ? "r" : ""}x ${k}=${quoted(env[k]!)}\n`,
      )
      .join("");
    return { world, stdout: text, stderr: "", exitCode: 0 };
  }
  const shell = shellHere(ctx);
  let next = session;
  let stderr = "";
  for (const a of args) {
    const eq = a.indexOf("=");
    const name = eq < 0 ? a : a.slice(0, eq);
    if (!NAME.test(name)) {
      stderr += `bash: export: \`${a}': not a valid identifier\n`;
      continue;
    }
    if (flags.has("n")) {
      // `export -n`: the variable stays the shell's own, no longer in its commands' environment.
      const value = lookupVar(world, next, name);
      next = { ...next, exported: (next.exported ?? []).filter((n) => n !== name) };
      if (value !== undefined && !Object.hasOwn(next.vars ?? {}, name)) {
        const r = setVar(unsetVar(world, next, name), name, value);
        if (r.ok) next = r.session;
      }
      continue;
    }
    const value = eq < 0 ? (next.vars?.[name] ?? exportedEnv(world, next)[name]) : a.slice(eq + 1);
    if (value === undefined || (eq < 0 && isReadonly(next, name))) {
      next = { ...next, exported: [...(next.exported ?? []).filter((n) => n !== name), name] };
      continue;
    }
    const r = setVar(next, name, value, true, shell);
    if (!r.ok) stderr += r.error;
    else next = r.session;
  }
  return { world, stdout: "", stderr, exitCode: stderr ? 1 : 0, session: next };
};

/** `readonly [-p] [NAME[=value]…]`: each name frozen, with its value when one is given. */
export const readonlyCmd: Command = (argv, ctx): CommandResult => {
  const { world, session } = ctx;
  const shell = shellHere(ctx);
  const { words } = split(argv);
  if (words.length === 0) return { world, stdout: listReadonly(ctx, shell), stderr: "", exitCode: 0 };
  let next = session;
  let stderr = "";
  for (const a of words) {
    const eq = a.indexOf("=");
    const name = eq < 0 ? a : a.slice(0, eq);
    if (!NAME.test(name)) {
      stderr += `${shell === "sh" ? "sh: " : errorPrefix(shell)}readonly: \`${a}': not a valid identifier\n`;
      continue;
    }
    if (eq >= 0) {
      const r = setVar(next, name, a.slice(eq + 1), (next.exported ?? []).includes(name), shell);
      if (!r.ok) {
        stderr += r.error;
        continue;
      }
      next = r.session;
    }
    if (!isReadonly(next, name)) next = { ...next, readonlyVars: [...(next.readonlyVars ?? []), name] };
  }
  return { world, stdout: "", stderr, exitCode: stderr ? 1 : 0, session: next };
};

/** `readonly -p`: bash's own frozen variables and the shell's, by name, as `declare` writes them; ash's own form. */
function listReadonly(ctx: Pick<CommandContext, "world" | "session">, shell: Session["shell"]): string {
  const { world, session } = ctx;
  const mine = (session.readonlyVars ?? []).map((name) => {
    const v = lookupVar(world, session, name);
    if (shell === "sh") return [name, `readonly ${name}${v === undefined ? "" : `='${v.replace(/'/g, "'\\''")}'`}`];
    const x = (session.exported ?? []).includes(name) ? "x" : "";
    return [name, `declare -r${x} ${name}${v === undefined ? "" : `=${quoted(v)}`}`];
  });
  const own = shell === "sh" ? [] : bashReadonlyVars(session, shell === "bash-c");
  return [...own, ...mine]
    .sort(([a], [b]) => (a! < b! ? -1 : a! > b! ? 1 : 0))
    .map(([, line]) => `${line}\n`)
    .join("");
}

export const unsetCmd: Command = (argv, ctx): CommandResult => {
  const { world, session } = ctx;
  let next = session;
  let stderr = "";
  for (const a of argv.slice(1)) {
    if (a === "-v" || a === "-f" || a === "--") continue;
    if (argv.includes("-f") && Object.hasOwn(next.functions ?? {}, a)) {
      const { [a]: _, ...functions } = next.functions!;
      next = { ...next, functions };
      continue;
    }
    // `unset 'a[1]'`, `unset 'm[web]'`: one element of an array.
    const el = /^([A-Za-z_][A-Za-z0-9_]*)\[(.+)\]$/.exec(a);
    if (el) {
      const n = isAssoc(next, el[1]!)
        ? undefined
        : evalArith(el[2]!, { lookup: (v) => lookupVar(world, next, v), assign: () => {} });
      const key = n === undefined ? el[2]! : "value" in n ? String(n.value) : "";
      next = unsetElement(next, el[1]!, key);
      continue;
    }
    if (!NAME.test(a)) {
      stderr += `bash: unset: \`${a}': not a valid identifier\n`;
      continue;
    }
    if (isReadonly(next, a)) {
      const shell = shellHere(ctx);
      if (shell === "sh") {
        // busybox ash: a special builtin's error ends the shell, with 2.
        shellExit(2);
        return {
          world,
          stdout: "",
          stderr: stderr + `sh: unset: line 0: ${a}: is read only\n`,
          exitCode: 2,
          session: next,
        };
      }
      stderr += `${errorPrefix(shell)}unset: ${a}: cannot unset: readonly variable\n`;
      continue;
    }
    next = unsetArray(unsetVar(world, next, a), a);
  }
  return { world, stdout: "", stderr, exitCode: stderr ? 1 : 0, session: next };
};
