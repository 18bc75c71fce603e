/**
 * What `docker exec -e/-w/-u` set up before the command starts, and the refusals on the
 * way: the daemon looks the user up in the container's /etc/passwd and /etc/group, runc
 * wants an absolute working directory that exists, then looks for the program (a path
 * with a slash is stat'ed as given; a directory or a file that is no program cannot be
 * run). Each refusal is the runtime's words in the engine's wrapping (engine/*.ts).
 */
import { profileOf } from "../../../docker/engine/index.ts";
import type { Container } from "../../../docker/types.ts";
import { containerImage } from "../../../machines/images/index.ts";
import type { World } from "../../../world.ts";
import type { Session } from "../../command.ts";
import { lookup, readPath, viewOf } from "../../lib/vfs.ts";
import { onPath } from "../../machine.ts";
import { exportedEnv } from "../../vars.ts";
import { netnsOfContainer } from "../../../docker/shared-netns.ts";

export interface ExecOptions {
  readonly env: readonly string[];
  readonly workdir?: string;
  readonly user?: string;
}

/** What the exec'd process starts with: its variables and directory, as session fields. */
export type ExecSetup =
  | { readonly ok: true; readonly session: Pick<Session, "vars" | "exported" | "cwd"> }
  | { readonly ok: false; readonly text: string; readonly exitCode: number; readonly stderr?: boolean };

/** The entries of a colon-separated database (/etc/passwd, /etc/group) in the container. */
function entries(view: ReturnType<typeof viewOf>, path: string): string[][] {
  const r = readPath(view, path);
  return "text" in r
    ? r.text
        .split("\n")
        .filter(Boolean)
        .map((l) => l.split(":"))
    : [];
}

/** The user's home directory (runc's default `/` for a uid the passwd file lacks), or the daemon's refusal. */
function userHome(view: ReturnType<typeof viewOf>, spec: string): { home: string } | { error: string } {
  const [user = "", group] = spec.split(":", 2);
  const passwd = entries(view, "/etc/passwd");
  const byName = passwd.find((e) => e[0] === user);
  const byId = /^\d+$/.test(user) ? passwd.find((e) => e[2] === user) : undefined;
  if (!byName && !/^\d+$/.test(user))
    return { error: `unable to find user ${user}: no matching entries in passwd file` };
  if (group !== undefined && !/^\d+$/.test(group) && !entries(view, "/etc/group").some((e) => e[0] === group))
    return { error: `unable to find group ${group}: no matching entries in group file` };
  return { home: (byName ?? byId)?.[5] ?? "/" };
}

/** Checks the options and the program against the container; the session fields the command runs with. */
export function execSetup(
  world: World,
  caller: Session,
  c: Container,
  program: string,
  o: ExecOptions,
  detached: boolean,
): ExecSetup {
  const errors = profileOf(world.docker).errors;
  const fail = (t: { text: string; exitCode: number }): ExecSetup =>
    detached && !t.text.startsWith("Error response from daemon: ")
      ? { ok: false, text: `Error response from daemon: ${t.text}`, exitCode: 1 }
      : { ok: false, text: t.text, exitCode: detached ? 1 : t.exitCode };
  const view = viewOf(world, { machine: netnsOfContainer(c), container: c.id, noTty: true });
  // The container's own environment (`docker run -e`), then the exec's.
  const vars: Record<string, string> = containerVars(c);
  if (o.user !== undefined && o.user !== "") {
    const u = userHome(view, o.user);
    if ("error" in u) return fail(errors.execUser(u.error));
    vars["HOME"] = u.home;
  }
  if (o.workdir !== undefined && o.workdir !== "") {
    if (!o.workdir.startsWith("/")) return fail(errors.execFailed("Cwd must be an absolute path", false, "other"));
    const d = lookup(view, o.workdir);
    if ("error" in d || d.node.stat.type !== "dir") {
      const missing = "error" in d && d.error === "ENOENT";
      const why = missing ? "no such file or directory" : "not a directory";
      const cause = `chdir to cwd ("${o.workdir}") set in config.json failed: ${why}`;
      return fail(errors.execFailed(cause, true, missing ? "ENOENT" : "other"));
    }
  }
  const image = containerImage(c);
  if (image && !onPath(image.machine, program)) {
    if (!program.includes("/")) return fail(errors.execNotFound(program));
    const f = lookup(view, program);
    if ("error" in f)
      return fail(errors.execFailed(`exec: "${program}": stat ${program}: no such file or directory`, true, "ENOENT"));
    if (f.node.stat.type === "dir" || !(f.node.stat.mode & 0o111))
      return fail(errors.execFailed(`exec: "${program}": permission denied`, true, "EACCES"));
    // Exec'd: a script without `#!` is no format the kernel knows; runc's init says so on the process's stderr.
    const head = readPath(view, program);
    if (!("text" in head) || !head.text.startsWith("#!"))
      return { ok: false, text: `exec ${program}: exec format error\n`, exitCode: 1, stderr: true };
  }
  // -e NAME=VALUE sets it; -e NAME takes the caller's value, or leaves it unset when the caller has none.
  const env = exportedEnv(world, caller);
  for (const e of o.env) {
    const eq = e.indexOf("=");
    if (eq >= 0) vars[e.slice(0, eq)] = e.slice(eq + 1);
    else if (Object.hasOwn(env, e)) vars[e] = env[e]!;
  }
  const names = Object.keys(vars);
  const cwd = o.workdir || c.settings?.workdir;
  return {
    ok: true,
    session: {
      ...(names.length > 0 ? { vars, exported: names } : {}),
      ...(cwd ? { cwd } : {}),
    },
  };
}

/** `docker run -e NAME=VALUE`'s variables, as the container's processes start with them. */
export function containerVars(c: Container): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const e of c.settings?.env ?? []) {
    const eq = e.indexOf("=");
    vars[e.slice(0, eq)] = e.slice(eq + 1);
  }
  return vars;
}
