/**
 * `id [-u|-g|-G] [-n] [-r] [USER]`: the process's user and groups (root's on every lab
 * terminal; `docker exec -u` gives another), or USER's from /etc/passwd.
 */
import { fail, ok, type Command } from "../../command.ts";
import { dbEntries, identityOf, type Identity } from "../../lib/creds.ts";
import { viewOf } from "../../lib/vfs.ts";

const named = (id: number, name: string | undefined) => (name === undefined ? `${id}` : `${id}(${name})`);

export const id: Command = (argv, { world, session }) => {
  const opts = new Set<string>();
  const users: string[] = [];
  for (const a of argv.slice(1)) {
    if (a.length > 1 && a.startsWith("-") && !a.startsWith("--")) {
      for (const ch of a.slice(1)) {
        if (!"ugGnr".includes(ch))
          return fail(world, `id: invalid option -- '${ch}'\nTry 'id --help' for more information.\n`, 1);
        opts.add(ch);
      }
    } else users.push(a);
  }
  let who: Identity = identityOf(world, session);
  const user = users[0];
  if (user !== undefined) {
    const entry = dbEntries(viewOf(world, session), "/etc/passwd").find((e) => e[0] === user || e[2] === user);
    if (!entry) return fail(world, `id: '${user}': no such user\n`, 1);
    who = identityOf(world, session, { uid: Number(entry[2]), gid: Number(entry[3]) });
  }
  const only = ["u", "g", "G"].filter((o) => opts.has(o));
  if (only.length > 1) return fail(world, `id: cannot print "only" of more than one choice\n`, 1);
  const names = opts.has("n");
  if (only.length === 0) {
    if (names || opts.has("r")) return fail(world, "id: cannot print only names or real IDs in default format\n", 1);
    const groups = who.groups.map((g) => named(g.gid, g.name)).join(",");
    return ok(world, `uid=${named(who.uid, who.user)} gid=${named(who.gid, who.group)} groups=${groups}\n`);
  }
  if (only[0] === "u") return ok(world, `${names ? (who.user ?? who.uid) : who.uid}\n`);
  if (only[0] === "g") return ok(world, `${names ? (who.group ?? who.gid) : who.gid}\n`);
  return ok(world, who.groups.map((g) => (names ? (g.name ?? g.gid) : g.gid)).join(" ") + "\n");
};
