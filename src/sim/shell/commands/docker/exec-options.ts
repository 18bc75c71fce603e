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
import { netnsOfContainer } from "../../../docker/shared-netns.ts";

export interface ExecOptions {
  readonly env: readonly string[];
  readonly workdir?: string;
  readonly user?: string;
}

/** What the exec'd process starts with: its variables and directory, as session fields. */
export type ExecSetup =
  | { readonly ok: true; readonly session: Pick<Session, "vars" | "exported" | "cwd" | "user"> }
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

/**
 * The user's ids and home directory (runc's gid 0 and `/` for a uid the passwd file lacks),
 * or the daemon's refusal.
 */
function execUser(
  view: ReturnType<typeof viewOf>,
  spec: string,
): { home: string; uid: number; gid: number } | { error: string } {
  const [user = "", group] = spec.split(":", 2);
  const passwd = entries(view, "/etc/passwd");
  const byName = passwd.find((e) => e[0] === user);
  const byId = /^\d+$/.test(user) ? passwd.find((e) => e[2] === user) : undefined;
  if (!byName && !/^\d+$/.test(user))
    return { error: `unable to find user ${user}: no matching entries in passwd file` };
  const entry = byName ?? byId;
  let gid = Number(entry?.[3] ?? 0);
  if (group !== undefined) {
    const named = entries(view, "/etc/group").find((e) => e[0] === group);
    if (!/^\d+$/.test(group) && !named)
      return { error: `unable to find group ${group}: no matching entries in group file` };
    gid = Number(named ? named[2] : group);
  }
  return { home: entry?.[5] ?? "/", uid: Number(entry ? entry[2] : user), gid };
}

/** Checks the options and the program against the container; the session fields the command runs with. */
export function execSetup(world: World, c: Container, program: string, o: ExecOptions, detached: boolean): ExecSetup {
  const errors = profileOf(world.docker).errors;
  const fail = (t: { text: string; exitCode: number }): ExecSetup =>
    detached && !t.text.startsWith("Error response from daemon: ")
      ? { ok: false, text: `Error response from daemon: ${t.text}`, exitCode: 1 }
      : { ok: false, text: t.text, exitCode: detached ? 1 : t.exitCode };
  const view = viewOf(world, { machine: netnsOfContainer(c), container: c.id, noTty: true });
  // The container's own environment (`docker run -e`), then the exec's.
  const vars: Record<string, string> = containerVars(c);
  let user: Session["user"];
  if (o.user !== undefined && o.user !== "") {
    const u = execUser(view, o.user);
    if ("error" in u) return fail(errors.execUser(u.error));
    vars["HOME"] = u.home;
    if (u.uid !== 0 || u.gid !== 0) user = { uid: u.uid, gid: u.gid };
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
  // The exec's own variables (-e, --env-file; the CLI resolved `-e NAME` from the caller) override the container's.
  for (const e of o.env) {
    const eq = e.indexOf("=");
    if (eq >= 0) vars[e.slice(0, eq)] = e.slice(eq + 1);
  }
  const image = containerImage(c);
  // runc looks a bare name up in the process's own PATH: one set with -e is searched as given.
  const found = (p: string) =>
    vars["PATH"] === undefined || p.includes("/") ? onPath(image!.machine, p) : inPath(view, vars["PATH"], p);
  if (image && !found(program)) {
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
  const names = Object.keys(vars);
  const cwd = o.workdir || c.settings?.workdir;
  return {
    ok: true,
    session: {
      ...(names.length > 0 ? { vars, exported: names } : {}),
      ...(cwd ? { cwd } : {}),
      ...(user ? { user } : {}),
    },
  };
}

/** Whether a directory of `path` (PATH's colon-separated list) holds an executable `program`. */
function inPath(view: ReturnType<typeof viewOf>, path: string, program: string): boolean {
  return path
    .split(":")
    .slice(0, 64)
    .some((dir) => {
      const f = lookup(view, `${dir === "" ? "." : dir}/${program}`);
      return !("error" in f) && f.node.stat.type !== "dir" && (f.node.stat.mode & 0o111) !== 0;
    });
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
