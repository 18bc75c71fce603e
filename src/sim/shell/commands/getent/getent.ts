/**
 * `getent DATABASE [KEY...]` (glibc's, Debian's libc-bin): entries of the name service
 * databases. `hosts` and `ahosts` ask as every program does: /etc/hosts first, then the
 * nameserver of /etc/resolv.conf (the lab's DNS: real packets, which the trace shows);
 * `passwd` and `group` read the machine's files. Exit 2 when a key is not found.
 */
import { parseIpv4 } from "../../../ipv4.ts";
import { parseHosts, readFile } from "../../../kernel/files.ts";
import { createWalkState, worldOf } from "../../../kernel/stack/context.ts";
import { resolveName } from "../../../programs/resolver.ts";
import type { World } from "../../../world.ts";
import type { Command, CommandContext, CommandResult } from "../../command.ts";
import { readPath, viewOf } from "../../lib/vfs.ts";

const TRY = "Try `getent --help' or `getent --usage' for more information.\n";
const DATABASES = new Set([
  "ahosts", "ahostsv4", "ahostsv6", "aliases", "ethers", "group", "gshadow", "hosts", "initgroups", "netgroup",
  "networks", "passwd", "protocols", "rpc", "services", "shadow",
]); // prettier-ignore

/** glibc's hosts line: the address padded to 15, then the names. */
function hostLine(addr: string, names: readonly string[]): string {
  return `${addr.padEnd(15)} ${names.join(" ")}\n`;
}

function ahostsLines(addr: string, canonical: string): string {
  return `${addr.padEnd(15)} STREAM ${canonical}\n${addr.padEnd(15)} DGRAM  \n${addr.padEnd(15)} RAW    \n`;
}

/** The lines of /etc/hosts as glibc enumerates them: address and every name, comments gone. */
function hostsEntries(text: string): [string, string[]][] {
  const out: [string, string[]][] = [];
  for (const line of text.split("\n")) {
    const [addr, ...names] = line.replace(/#.*/, "").trim().split(/\s+/);
    if (addr && names.length > 0) out.push([addr, names]);
  }
  return out;
}

/** A colon-separated file (passwd, group): every line, or those whose name or number is a key. */
function colonFile(text: string, keys: readonly string[]): { stdout: string; missing: boolean } {
  const lines = text.split("\n").filter((l) => l !== "");
  if (keys.length === 0) return { stdout: lines.map((l) => l + "\n").join(""), missing: false };
  let stdout = "";
  let missing = false;
  for (const k of keys) {
    const hit = lines.find((l) => {
      const f = l.split(":");
      return f[0] === k || (/^\d+$/.test(k) && f[2] === k);
    });
    if (hit) stdout += hit + "\n";
    else missing = true;
  }
  return { stdout, missing };
}

function hosts(ctx: CommandContext, db: string, keys: readonly string[]): CommandResult {
  const text = readFile(ctx.world, ctx.session.machine, "/etc/hosts") ?? "";
  if (keys.length === 0) {
    if (db !== "hosts") return { world: ctx.world, stdout: "", stderr: "", exitCode: 0 };
    const stdout = hostsEntries(text)
      .filter(([a]) => parseIpv4(a) !== null || a.includes(":"))
      .map(([a, n]) => hostLine(a, n))
      .join("");
    return { world: ctx.world, stdout, stderr: "", exitCode: 0 };
  }
  const st = createWalkState(ctx.world);
  let stdout = "";
  let missing = false;
  const entries = hostsEntries(text);
  for (const key of keys) {
    if (parseIpv4(key) !== null) {
      // A reverse lookup: /etc/hosts only (the lab's DNS keeps no PTR records).
      const hit = entries.find(([a]) => a === key);
      if (hit) stdout += db === "hosts" ? hostLine(hit[0], hit[1]) : ahostsLines(key, "");
      else if (db === "hosts") missing = true;
      else stdout += ahostsLines(key, "");
      continue;
    }
    const fromFile = parseHosts(text);
    if (Object.hasOwn(fromFile, key)) {
      const addr = fromFile[key]!;
      const line = entries.find(([a, n]) => a === addr && n.includes(key));
      stdout += db === "hosts" ? hostLine(addr, line ? line[1] : [key]) : ahostsLines(addr, key);
      continue;
    }
    const res = resolveName(st, ctx.session.machine, "getent", key);
    if (res.kind === "address") stdout += db === "hosts" ? hostLine(res.address, [key]) : ahostsLines(res.address, key);
    else missing = true;
  }
  const world: World = worldOf(st);
  return { world, stdout, stderr: "", exitCode: missing ? 2 : 0, events: st.events };
}

export const getent: Command = (argv, ctx): CommandResult => {
  const args = argv.slice(1).filter((a) => a !== "--");
  const opt = args.find((a) => a.startsWith("-"));
  if (opt !== undefined) {
    const text = opt.startsWith("--")
      ? `getent: unrecognized option '${opt}'\n`
      : `getent: invalid option -- '${opt[1]}'\n`;
    return { world: ctx.world, stdout: "", stderr: text + TRY, exitCode: 64 };
  }
  const [db, ...keys] = args;
  if (db === undefined)
    return { world: ctx.world, stdout: "", stderr: `getent: wrong number of arguments\n${TRY}`, exitCode: 1 };
  if (!DATABASES.has(db))
    return { world: ctx.world, stdout: "", stderr: `Unknown database: ${db}\n${TRY}`, exitCode: 1 };
  if (db === "hosts" || db === "ahosts" || db === "ahostsv4") return hosts(ctx, db, keys);
  if (db === "passwd" || db === "group") {
    const r = readPath(viewOf(ctx.world, ctx.session), `/etc/${db}`);
    const { stdout, missing } = colonFile("text" in r ? r.text : "", keys);
    return { world: ctx.world, stdout, stderr: "", exitCode: missing ? 2 : 0 };
  }
  // The other databases: the lab's machines have none of their files filled in.
  return { world: ctx.world, stdout: "", stderr: "", exitCode: keys.length > 0 ? 2 : 0 };
};
