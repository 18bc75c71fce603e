/**
 * A shell's variables and working directory, kept in its session: what `$NAME`
 * reads (the shell's own variables over the environment every shell of the
 * machine starts with), `cd`'s directory, and paths resolved against it.
 */
import { linkEnv } from "../docker/run-settings.ts";
import { LIMITS } from "../limits.ts";
import type { World } from "../world.ts";
import type { Session } from "./command.ts";
import type { Shell } from "./redirect.ts";
import { HOST_SHELL_PID } from "./lib/procs.ts";
import { machineOf, shellOf } from "./machine.ts";
import { ashFlags, BASH_FLAG_ORDER, setOptionOn } from "./lib/shell-options.ts";

/** The PATH a Debian root shell and a Docker container start with. */
const PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/** The environment a shell of this session starts with, exported. */
export function startEnv(world: World, session: Session): Record<string, string> {
  const m = machineOf(world, session);
  const env: Record<string, string> = { HOME: "/root", PATH, PWD: cwdOf(world, session) };
  if (m.kind === "container") {
    // What dockerd gives an exec'd process: PATH, HOSTNAME, HOME (and TERM with -t).
    const ns = world.netns[session.machine];
    env["HOSTNAME"] = ns?.hostname ?? session.machine.slice(0, 12);
    // --link's variables are in the container's own environment, so every exec has them.
    if (m.container?.settings?.links) Object.assign(env, linkEnv(world, m.container));
    // The image's ENV (a build's), in every process of the container.
    for (const e of m.container?.settings?.env ?? []) env[e.slice(0, e.indexOf("="))] = e.slice(e.indexOf("=") + 1);
    // The shell docker exec starts (busybox sh, bash) counts itself.
    env["SHLVL"] = "1";
    if (!session.noTty) env["TERM"] = "xterm";
  } else {
    env["LANG"] = "C.UTF-8";
    env["LOGNAME"] = "root";
    env["SHELL"] = "/bin/bash";
    env["USER"] = "root";
    env["SHLVL"] = "1";
    if (!session.noTty) env["TERM"] = "xterm-256color";
  }
  if (session.oldpwd !== undefined) env["OLDPWD"] = session.oldpwd;
  for (const name of session.unset ?? []) delete env[name];
  return env;
}

/** The variables `export -p` and `env` show: the environment, plus the shell's exported ones. */
export function exportedEnv(world: World, session: Session): Record<string, string> {
  const env = startEnv(world, session);
  for (const name of session.exported ?? []) {
    const v = session.vars?.[name];
    if (v !== undefined) env[name] = v;
  }
  return env;
}

/** A shell variable's name as bash, dash and ash accept one: a letter or `_`, then letters, digits, `_`. */
export const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `$NAME` (special parameters aside, which the shell running the line answers). */
export function lookupVar(world: World, session: Session, name: string): string | undefined {
  if (session.args && /^(?:[1-9]\d*|[#@*])$/.test(name)) {
    const a = session.args;
    if (name === "#") return String(a.length);
    if (name === "@" || name === "*") return a.join(" ");
    return a[Number(name) - 1];
  }
  if (session.vars && Object.hasOwn(session.vars, name)) return session.vars[name];
  if (name === "PWD" && !(session.unset ?? []).includes("PWD")) return cwdOf(world, session);
  const env = startEnv(world, session);
  if (Object.hasOwn(env, name)) return env[name];
  const m = machineOf(world, session);
  if (name === "0") {
    if (session.argv0 !== undefined) return session.argv0;
    const shell = shellOf(session, m);
    return shell === "sh" ? "sh" : session.noTty || shell === "bash-c" ? "bash" : "-bash";
  }
  if (name === "#") return "0";
  if (name === "-") {
    const shell = shellOf(session, m);
    return shell === "sh" ? ashFlags(session) : flagsOf(session, shell);
  }
  // The last job the shell put in the background; unset until there is one.
  if (name === "!") return session.lastJob === undefined ? undefined : String(session.lastJob);
  if (name === "$") return String(m.kind === "container" ? (session.exec?.pid ?? 1) : HOST_SHELL_PID);
  if (name === "@" || name === "*") return "";
  if (name === "HOSTNAME") return world.netns[session.machine]?.hostname;
  // bash's own (read-only) variables for the user it runs as: root everywhere in the lab.
  if ((name === "UID" || name === "EUID") && shellOf(session, m) !== "sh") return "0";
  // Debian 12's bash, on the host and in the nginx image alike.
  if (name === "BASH_VERSION" && shellOf(session, m) !== "sh") return "5.2.15(1)-release";
  if (name === "BASH_VERSINFO" && shellOf(session, m) !== "sh") return bashVersinfo().values[0];
  return undefined;
}

/** bash's version as the read-only array scripts test (`${BASH_VERSINFO[0]} -ge 4`): Debian 12's bash. */
export function bashVersinfo(): { keys: number[]; values: string[] } {
  return { keys: [0, 1, 2, 3, 4, 5], values: ["5", "2", "15", "1", "release", "x86_64-pc-linux-gnu"] };
}

/** bash's `$-`: the set flags that are on, in bash's table order, `i` in an interactive shell, then `c` or `s`. */
function flagsOf(session: Session, shell: Shell): string {
  const interactive = shell === "bash" && !session.noTty;
  let out = "";
  for (const [letter, name] of BASH_FLAG_ORDER)
    if (letter === "i" ? interactive : setOptionOn(session, name)) out += letter;
  return out + (shell === "bash-c" ? "c" : interactive ? "s" : "");
}

export type SetResult =
  | { readonly ok: true; readonly session: Session }
  | { readonly ok: false; readonly error: string; readonly readonly?: true };

/** Whether `readonly` or `declare -r` froze `name` in this shell. */
export function isReadonly(session: Session, name: string): boolean {
  return (session.readonlyVars ?? []).includes(name);
}

/** What each shell says when a line assigns to a read-only variable (bash, busybox ash, dash). */
export function readonlyText(session: Session, name: string, shell: Shell = session.shell ?? "bash"): string {
  if (shell === "sh") return session.dash ? `sh: 1: ${name}: is read only\n` : `sh: ${name}: is read only\n`;
  return `bash: ${shell === "bash-c" ? "line 1: " : ""}${name}: readonly variable\n`;
}

/** The session with `name` set (and exported when asked), within the lab's bounds. */
export function setVar(session: Session, name: string, value: string, exportIt = false, shell?: Shell): SetResult {
  if (isReadonly(session, name)) return { ok: false, error: readonlyText(session, name, shell), readonly: true };
  const vars = session.vars ?? {};
  if (!Object.hasOwn(vars, name) && Object.keys(vars).length >= LIMITS.maxVariables)
    return { ok: false, error: `bash: ${name}: too many variables (the lab keeps ${LIMITS.maxVariables})\n` };
  if (value.length > LIMITS.maxVariableLength)
    return {
      ok: false,
      error: `bash: ${name}: value too long (the lab keeps ${LIMITS.maxVariableLength} characters)\n`,
    };
  const exported = session.exported ?? [];
  const unset = session.unset?.filter((n) => n !== name);
  return {
    ok: true,
    session: {
      ...session,
      vars: { ...vars, [name]: value },
      ...(exportIt && !exported.includes(name) ? { exported: [...exported, name] } : {}),
      ...(unset ? { unset } : {}),
    },
  };
}

/** The session without `name`, in its variables and its starting environment. */
export function unsetVar(world: World, session: Session, name: string): Session {
  const vars = { ...(session.vars ?? {}) };
  delete vars[name];
  const inEnv = Object.hasOwn(startEnv(world, session), name);
  const unset = session.unset ?? [];
  return {
    ...session,
    vars,
    exported: (session.exported ?? []).filter((n) => n !== name),
    ...(inEnv && !unset.includes(name) ? { unset: [...unset, name] } : {}),
  };
}

/** Where the shell is: where `cd` took it, else where the machine's shells start. */
export function cwdOf(world: World, session: Session): string {
  return session.cwd ?? machineOf(world, session).spec.workdir;
}

/** `path` made absolute against `cwd`, with `.`, `..` and repeated slashes resolved as the kernel walks them. */
export function normalizePath(cwd: string, path: string): string {
  const parts = (path.startsWith("/") ? path : `${cwd}/${path}`).split("/");
  const out: string[] = [];
  for (const p of parts) {
    if (p === "" || p === ".") continue;
    if (p === "..") out.pop();
    else out.push(p);
  }
  return "/" + out.join("/");
}

/** A path as the session's commands see it. */
export function resolvePath(world: World, session: Session, path: string): string {
  // An empty operand names no file (the kernel's ENOENT): `rm -r ''` must not find the working directory.
  if (path === "") return "";
  return normalizePath(cwdOf(world, session), path);
}

/** After `NAME=value cmd`: the names given for the command alone get back their values and export marks from `before`. */
export function restoreAssigned(after: Session, before: Session, names: readonly string[]): Session {
  const vars: Record<string, string> = { ...(after.vars ?? {}) };
  for (const name of names) {
    const was = before.vars?.[name];
    if (was === undefined) delete vars[name];
    else vars[name] = was;
  }
  return {
    ...after,
    vars,
    exported: (after.exported ?? []).filter((n) => !names.includes(n) || (before.exported ?? []).includes(n)),
  };
}
