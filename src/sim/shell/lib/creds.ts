/**
 * Who a process runs as, for the tools that ask (`id`, `whoami`) and the opens that check
 * modes: root unless `docker exec -u` said otherwise. Names come from the machine's own
 * /etc/passwd and /etc/group, as libc's getpwuid and getgrgid read them.
 */
import type { World } from "../../world.ts";
import type { Session } from "../command.ts";
import { readPath, viewOf, type FsView } from "./vfs.ts";

export interface Creds {
  readonly uid: number;
  readonly gid: number;
}

export function credsOf(session: Session): Creds {
  return session.user ?? { uid: 0, gid: 0 };
}

/** The entries of a colon-separated database (/etc/passwd, /etc/group) the view holds. */
export function dbEntries(view: FsView, path: string): string[][] {
  const r = readPath(view, path);
  if (!("text" in r)) return [];
  return r.text
    .split("\n")
    .filter((l) => l !== "" && !l.startsWith("#"))
    .map((l) => l.split(":"));
}

/** What `id` reads: the user's and groups' names where the databases have them. */
export interface Identity {
  readonly uid: number;
  readonly user?: string;
  readonly gid: number;
  readonly group?: string;
  /** The groups `id` lists: the primary one, then those /etc/group names the user in. */
  readonly groups: readonly { readonly gid: number; readonly name?: string }[];
}

export function identityOf(world: World, session: Session, creds = credsOf(session)): Identity {
  const view = viewOf(world, session);
  const passwd = dbEntries(view, "/etc/passwd");
  const group = dbEntries(view, "/etc/group");
  const groupName = (gid: number) => group.find((g) => g[2] === String(gid))?.[0];
  const user = passwd.find((p) => p[2] === String(creds.uid))?.[0];
  const groups = [{ gid: creds.gid, name: groupName(creds.gid) }];
  for (const g of group) {
    const gid = Number(g[2]);
    if (user !== undefined && gid !== creds.gid && (g[3] ?? "").split(",").includes(user))
      groups.push({ gid, name: g[0] });
  }
  return {
    uid: creds.uid,
    gid: creds.gid,
    groups,
    ...(user !== undefined ? { user } : {}),
    ...(groupName(creds.gid) !== undefined ? { group: groupName(creds.gid)! } : {}),
  };
}

/**
 * Whether the process may do `want` (0o2 write, 0o1 search, 0o4 read) to a file of `mode`.
 * Every file in the lab belongs to root:root, so a user other than root gets the group's
 * bits when its group is root's, else the others'.
 */
export function permits(creds: Creds, mode: number, want: number): boolean {
  if (creds.uid === 0) return true;
  const bits = creds.gid === 0 ? (mode >> 3) & 7 : mode & 7;
  return (bits & want) === want;
}
