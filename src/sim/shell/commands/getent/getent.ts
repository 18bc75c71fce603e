/**
 * glibc's `getent` (Debian 12's libc-bin): entries of the name service databases. `hosts`
 * asks as gethostbyname2 does, IPv6 first and then IPv4, each from /etc/hosts and then the
 * resolver (the lab's DNS holds no AAAA records, so only /etc/hosts gives IPv6); an address
 * is looked up in reverse in /etc/hosts only (the lab's DNS holds no PTR records). The
 * file databases (passwd, group, services, protocols, networks, shells) read their files.
 * Exit 2 when a key is not found, 1 for a bad database or command line.
 */
import { parseIpv4 } from "../../../ipv4.ts";
import { createWalkState, worldOf } from "../../../kernel/stack/context.ts";
import { resolveName } from "../../../programs/resolver.ts";
import type { Command, CommandResult } from "../../command.ts";
import { readPath } from "../../lib/vfs.ts";
import { viewOf } from "../../lib/vfs-node.ts";

const TRY = "Try `getent --help' or `getent --usage' for more information.\n";

interface HostLine {
  readonly addr: string;
  readonly names: readonly string[];
}

function hostLines(text: string): HostLine[] {
  const out: HostLine[] = [];
  for (const raw of text.split("\n")) {
    const [addr, ...names] = raw.replace(/#.*/, "").trim().split(/\s+/);
    if (addr && names.length > 0) out.push({ addr, names });
  }
  return out;
}

const isV6 = (a: string) => a.includes(":");
const hostEntry = (addr: string, names: readonly string[]) => `${addr.padEnd(15)} ${names.join(" ")}\n`;

/** passwd, group and the like: `name:...` lines, or by number in the third field (uid, gid). */
function colonDb(text: string, keys: readonly string[]): { out: string; missing: boolean } {
  const lines = text.split("\n").filter((l) => l !== "" && !l.startsWith("#"));
  if (keys.length === 0) return { out: lines.map((l) => l + "\n").join(""), missing: false };
  let out = "";
  let missing = false;
  for (const k of keys) {
    const hit =
      lines.find((l) => l.split(":")[0] === k) ??
      (/^\d+$/.test(k) ? lines.find((l) => l.split(":")[2] === k) : undefined);
    if (hit) out += hit + "\n";
    else missing = true;
  }
  return { out, missing };
}

/** services and protocols: `name number[/proto] aliases...`, printed as glibc's print_* do. */
function tableDb(
  text: string,
  keys: readonly string[],
  db: "services" | "protocols",
): { out: string; missing: boolean } {
  const rows = text
    .split("\n")
    .map((l) => l.replace(/#.*/, "").trim().split(/\s+/))
    .filter((f) => f.length >= 2 && f[0] !== "");
  const fmt = (f: readonly string[]) =>
    `${f[0]!.padEnd(21)} ${f[1]}${f
      .slice(2)
      .map((a) => " " + a)
      .join("")}\n`;
  if (keys.length === 0) return { out: rows.map(fmt).join(""), missing: false };
  let out = "";
  let missing = false;
  for (const k of keys) {
    const [name, proto] = k.split("/");
    const hit = rows.find((f) => {
      const names = [f[0], ...f.slice(2)];
      const [num, p] = (f[1] ?? "").split("/");
      const byName =
        names.includes(name) || (db === "services" && num === name) || (db === "protocols" && num === name);
      return byName && (proto === undefined || p === proto);
    });
    if (hit) out += fmt(hit);
    else missing = true;
  }
  return { out, missing };
}

const FILES: Readonly<Record<string, string>> = {
  passwd: "/etc/passwd",
  group: "/etc/group",
  shadow: "/etc/shadow",
  gshadow: "/etc/gshadow",
  services: "/etc/services",
  protocols: "/etc/protocols",
  networks: "/etc/networks",
  shells: "/etc/shells",
  ethers: "/etc/ethers",
  rpc: "/etc/rpc",
};

export const getent: Command = (argv, ctx) => {
  const { world, session } = ctx;
  const view = viewOf(world, session);
  const read = (path: string) => {
    const r = readPath(view, path);
    return "text" in r ? r.text : "";
  };
  const args = argv.slice(1).filter((a) => a !== "--");
  const bad = args.find((a) => a.startsWith("-") && a.length > 1);
  if (bad !== undefined) {
    const text = bad.startsWith("--")
      ? `getent: unrecognized option '${bad}'\n`
      : `getent: invalid option -- '${bad[1]}'\n`;
    return { world, stdout: "", stderr: text + TRY, exitCode: 64 };
  }
  const [db, ...keys] = args;
  if (db === undefined) return { world, stdout: "", stderr: `getent: wrong number of arguments\n${TRY}`, exitCode: 1 };
  const done = (out: string, missing: boolean, w = world, events?: CommandResult["events"]): CommandResult => ({
    world: w,
    stdout: out,
    stderr: "",
    exitCode: missing ? 2 : 0,
    ...(events ? { events } : {}),
  });
  if (db === "hosts" || db === "ahosts" || db === "ahostsv4") {
    const lines = hostLines(read("/etc/hosts"));
    if (keys.length === 0) return done(lines.map((l) => hostEntry(l.addr, l.names)).join(""), false);
    const st = createWalkState(world);
    let out = "";
    let missing = false;
    for (const k of keys) {
      const v4 = db === "ahostsv4";
      let found: HostLine | undefined;
      if (parseIpv4(k) !== null || isV6(k)) {
        found = lines.find((l) => l.addr === k);
      } else {
        const named = (l: HostLine) => l.names.includes(k);
        found =
          (v4 ? undefined : lines.find((l) => isV6(l.addr) && named(l))) ??
          lines.find((l) => !isV6(l.addr) && named(l));
        if (!found) {
          const r = resolveName(st, session.machine, "getent", k);
          if (r.kind === "address") found = { addr: r.address, names: [k] };
        }
      }
      if (!found) {
        missing = true;
        continue;
      }
      const names = found.names;
      if (db === "hosts") out += hostEntry(found.addr, names);
      else {
        out += `${found.addr.padEnd(15)} STREAM ${names[0]}\n${found.addr.padEnd(15)} DGRAM  \n${found.addr.padEnd(15)} RAW    \n`;
      }
    }
    return done(out, missing, worldOf(st), st.events);
  }
  const path = FILES[db];
  if (path === undefined) return { world, stdout: "", stderr: `Unknown database: ${db}\n${TRY}`, exitCode: 1 };
  const text = read(path);
  const r = db === "services" || db === "protocols" ? tableDb(text, keys, db) : colonDb(text, keys);
  return done(r.out, r.missing);
};
