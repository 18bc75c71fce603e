/**
 * `sysctl`: procps-ng 4.0.2 on the host and the internet, busybox 1.35 in
 * containers (where /proc/sys is mounted read-only, so every write fails).
 * Values live in the namespace (kernel/sysctl.ts); `KEY=VALUE` writes even without -w.
 */
import { readFile } from "../../../kernel/files.ts";
import { getNetns, putNetns } from "../../../kernel/netns.ts";
import { isSysctlDirectory, readSysctl, sysctlEntries, writeSysctl } from "../../../kernel/sysctl.ts";
import type { Netns } from "../../../kernel/types.ts";
import type { World } from "../../../world.ts";
import { ok, type Command, type CommandResult, type OutputChunk } from "../../command.ts";
import { isBusybox, machineOf } from "../../machine.ts";

const PROCPS_USAGE = `
Usage:
 sysctl [options] [variable[=value] ...]

Options:
  -a, --all            display all variables
  -A                   alias of -a
  -X                   alias of -a
      --deprecated     include deprecated parameters to listing
      --dry-run        Print the key and values but do not write
  -b, --binary         print value without new line
  -e, --ignore         ignore unknown variables errors
  -N, --names          print variable names without values
  -n, --values         print only values of the given variable(s)
  -p, --load[=<file>]  read values from file
  -f                   alias of -p
      --system         read values from all system directories
  -r, --pattern <expression>
                       select setting that match expression
  -q, --quiet          do not echo variable set
  -w, --write          enable writing a value to variable
  -o                   does nothing
  -x                   does nothing
  -d                   alias of -h

 -h, --help     display this help and exit
 -V, --version  output version information and exit

For more details see sysctl(8).
`;

const BUSYBOX_USAGE = `BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.

Usage: sysctl [-enq] { -a | -p [FILE]... | [-w] [KEY[=VALUE]]... }

Show/set kernel parameters

\t-e\tDon't warn about unknown keys
\t-n\tDon't show key names
\t-q      Quiet
\t-a\tShow all values
\t-p\tSet values from FILEs (default /etc/sysctl.conf)
\t-w\tSet values
`;

interface Flags {
  all: boolean;
  values: boolean;
  names: boolean;
  quiet: boolean;
  write: boolean;
  ignore: boolean;
  load: boolean;
}

/** `net/ipv4/ip_forward` and `net.ipv4.ip_forward` name the same key. */
function keyOf(name: string): string {
  return name.includes("/") ? name.replace(/^\/+/, "").split("/").join(".") : name;
}

/**
 * The name busybox's sysctl prints for a key it cannot open: it turns a dot into a slash only where
 * the path before it is a directory under /proc/sys (the longest such prefix first, again until none is),
 * then prints that path with its slashes and dots swapped: `net.ipv4.nosuch` but `nosuch/key`.
 */
function busyboxName(ns: Netns, typed: string): string {
  let path = typed;
  for (let round = 0; round < typed.length; round++) {
    let cut = -1;
    for (let i = path.length - 1; i > 0; i--) {
      if (path[i] === "." && isSysctlDirectory(ns, path.slice(0, i).split("/").join("."))) {
        cut = i;
        break;
      }
    }
    if (cut < 0) break;
    path = `${path.slice(0, cut)}/${path.slice(cut + 1)}`;
  }
  return [...path].map((ch) => (ch === "/" ? "." : ch === "." ? "/" : ch)).join("");
}

function line(key: string, value: string, f: Flags): string {
  if (f.values) return value + "\n";
  if (f.names) return key + "\n";
  return `${key} = ${value}\n`;
}

export const sysctl: Command = (argv, { world, session }) => {
  const ns = getNetns(world, session.machine);
  if (!ns) return ok(world);
  const bb = isBusybox(machineOf(world, session), "sysctl");
  const f: Flags = { all: false, values: false, names: false, quiet: false, write: false, ignore: false, load: false };
  const vars: string[] = [];
  for (const a of argv.slice(1)) {
    if (a.startsWith("--")) {
      const long: Record<string, keyof Flags> = {
        "--all": "all",
        "--values": "values",
        "--names": "names",
        "--quiet": "quiet",
        "--write": "write",
        "--ignore": "ignore",
        "--load": "load",
      };
      const k = long[a];
      if (k) f[k] = true;
      else if (a === "--help") return ok(world, PROCPS_USAGE);
      // procps 4.0.2 prints its usage on a bad option but exits 0.
      else return { world, stdout: "", stderr: `sysctl: unrecognized option '${a}'\n${PROCPS_USAGE}`, exitCode: 0 };
    } else if (a.startsWith("-") && a.length > 1) {
      for (const ch of a.slice(1)) {
        if ("aAX".includes(ch)) f.all = true;
        else if (ch === "n") f.values = true;
        else if (ch === "N") f.names = true;
        else if (ch === "q") f.quiet = true;
        else if (ch === "w") f.write = true;
        else if (ch === "e") f.ignore = true;
        else if (ch === "p" || ch === "f") f.load = true;
        else if (ch === "o" || ch === "x") continue;
        else if (bb)
          return { world, stdout: "", stderr: `sysctl: invalid option -- '${ch}'\n${BUSYBOX_USAGE}`, exitCode: 1 };
        else return { world, stdout: "", stderr: `sysctl: invalid option -- '${ch}'\n${PROCPS_USAGE}`, exitCode: 0 };
      }
    } else vars.push(a);
  }
  if (f.load) return loadFiles(world, ns.id, vars, f, bb);
  if (f.all) {
    return ok(
      world,
      sysctlEntries(ns, world.clock)
        .map(([k, v]) => line(k, v, f))
        .join(""),
    );
  }
  if (vars.length === 0) {
    if (bb) return { world, stdout: "", stderr: BUSYBOX_USAGE, exitCode: 1 };
    if (f.write)
      return {
        world,
        stdout: "",
        stderr: "sysctl: no variables specified\nTry `sysctl --help' for more information.\n",
        exitCode: 1,
      };
    return { world, stdout: "", stderr: PROCPS_USAGE, exitCode: 1 };
  }
  let w: World = world;
  let stdout = "";
  let stderr = "";
  const output: OutputChunk[] = [];
  let exitCode = 0;
  for (const v of vars) {
    const eq = v.indexOf("=");
    const r = eq >= 0 || f.write ? writeOne(w, ns.id, v, eq, f, bb) : readOne(getNetns(w, ns.id)!, w.clock, v, f, bb);
    w = r.world ?? w;
    stdout += r.stdout;
    stderr += r.stderr;
    // Each key's line or error appears in turn.
    if (r.stdout) output.push({ stream: "stdout", text: r.stdout });
    if (r.stderr) output.push({ stream: "stderr", text: r.stderr });
    if (r.failed) exitCode = 1;
    // procps gives up on the command line at the first setting it cannot parse, despite its "continuing"
    // (`sysctl -w key = 1` complains of `key` alone).
    if (r.stop) break;
  }
  return { world: w, stdout, stderr, exitCode, output } satisfies CommandResult;
};

interface OneResult {
  world?: World;
  stdout: string;
  stderr: string;
  failed: boolean;
  /** The rest of the command line is not looked at. */
  stop?: boolean;
}

function readOne(ns: Netns, now: number, name: string, f: Flags, bb: boolean): OneResult {
  const key = keyOf(name);
  const path = `/proc/sys/${key.split(".").join("/")}`;
  if (isSysctlDirectory(ns, key)) {
    const prefix = key + ".";
    const text = sysctlEntries(ns, now)
      .filter(([k]) => k.startsWith(prefix))
      .map(([k, v]) => line(k, v, f))
      .join("");
    return { stdout: text, stderr: "", failed: false };
  }
  const value = readSysctl(ns, key, now);
  if (value === undefined) {
    if (f.ignore) return { stdout: "", stderr: "", failed: false };
    if (bb) return { stdout: "", stderr: `sysctl: error: '${busyboxName(ns, key)}' is an unknown key\n`, failed: true };
    return { stdout: "", stderr: `sysctl: cannot stat ${path}: No such file or directory\n`, failed: true };
  }
  return { stdout: line(key, value, f), stderr: "", failed: false };
}

function writeOne(world: World, nsId: string, setting: string, eq: number, f: Flags, bb: boolean): OneResult {
  const ns = getNetns(world, nsId)!;
  if (eq < 0) {
    if (bb)
      return {
        stdout: "",
        stderr: `sysctl: error: '${keyOf(setting)}' must be of the form name=value\n`,
        failed: true,
      };
    return { stdout: "", stderr: "sysctl: command line(0): invalid syntax, continuing...\n", failed: true, stop: true };
  }
  const key = keyOf(setting.slice(0, eq));
  const value = setting.slice(eq + 1);
  const path = `/proc/sys/${key.split(".").join("/")}`;
  if (key === "") {
    if (bb) return { stdout: "", stderr: `sysctl: error: malformed setting '${setting}'\n`, failed: true };
    return { stdout: "", stderr: `sysctl: malformed setting "${setting}"\n`, failed: true };
  }
  // A directory is there to stat, and no more writable than a 0444 file.
  if (!bb && isSysctlDirectory(ns, key)) return notWritable(key);
  if (readSysctl(ns, key) === undefined || isSysctlDirectory(ns, key)) {
    if (f.ignore) return { stdout: "", stderr: "", failed: false };
    if (bb) return { stdout: "", stderr: `sysctl: error: '${busyboxName(ns, key)}' is an unknown key\n`, failed: true };
    return { stdout: "", stderr: `sysctl: cannot stat ${path}: No such file or directory\n`, failed: true };
  }
  if (bb) return { stdout: "", stderr: `sysctl: error setting key '${key}': Read-only file system\n`, failed: true };
  const next = writeSysctl(ns, key, value);
  if (next === "EINVAL" || next === "ENOENT") {
    return { stdout: "", stderr: `sysctl: setting key "${key}": Invalid argument\n`, failed: true };
  }
  if (next === "EACCES") return notWritable(key);
  const shown = f.quiet ? "" : line(key, value, f);
  return { world: putNetns(world, next), stdout: shown, stderr: "", failed: false };
}

/**
 * procps stats the file before it opens it: one its owner may not write (0444, as
 * nf_conntrack_max is outside the first namespace, or a directory) is only warned about, with
 * the errno an earlier call left behind (Invalid argument on Debian 12's sysctl, -e and -q
 * alike), and the exit stays 0.
 */
function notWritable(key: string): OneResult {
  return { stdout: "", stderr: `sysctl: setting key "${key}": Invalid argument\n`, failed: false };
}

/**
 * `sysctl -p [FILE...]`: applies each `key = value` line (default /etc/sysctl.conf,
 * which holds only comments on Debian 12 until someone edits it) and echoes it.
 */
function loadFiles(world: World, nsId: string, files: readonly string[], f: Flags, bb: boolean): CommandResult {
  let w = world;
  let stdout = "";
  let stderr = "";
  let exitCode = 0;
  for (const file of files.length > 0 ? files : ["/etc/sysctl.conf"]) {
    const text = readFile(w, nsId, file);
    if (text === undefined) {
      if (file === "/etc/sysctl.conf") continue;
      stderr += bb
        ? `sysctl: can't open '${file}': No such file or directory\n`
        : `sysctl: cannot open "${file}": No such file or directory\n`;
      exitCode = 1;
      continue;
    }
    for (const raw of text.split("\n")) {
      const line = raw.trim();
      if (line === "" || line.startsWith("#") || line.startsWith(";")) continue;
      const eq = line.indexOf("=");
      if (eq < 0) continue;
      const setting = `${line.slice(0, eq).trim()}=${line.slice(eq + 1).trim()}`;
      const r = writeOne(w, nsId, setting, setting.indexOf("="), f, bb);
      w = r.world ?? w;
      stdout += r.stdout;
      stderr += r.stderr;
      if (r.failed) exitCode = 1;
    }
  }
  return { world: w, stdout, stderr, exitCode };
}
