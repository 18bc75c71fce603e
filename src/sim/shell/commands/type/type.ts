/**
 * `type`, `command -v/-V` (shell builtins) and `which` (Debian's debianutils script, or
 * busybox's applet): where a name comes from on this machine, read from the machine's
 * data (machines/), so they agree with what the shell runs and what it cannot find.
 */
import type { Command, CommandContext, CommandResult } from "../../command.ts";
import { BUSYBOX_APPLETS } from "../../../machines/packages.ts";
import { isBusybox, machineOf, providerOf, shellOf, type Machine } from "../../machine.ts";
import { functionText } from "../../func-text.ts";

/** The reserved words of a POSIX shell (busybox sh); bash adds its own on top. */
const SH_KEYWORDS = new Set(["for", "while", "until", "if", "then", "else", "elif", "fi", "do", "done", "case", "esac", "in", "{", "}", "!"]); // prettier-ignore
const BASH_KEYWORDS = new Set([...SH_KEYWORDS, "[[", "]]", "time", "function", "select"]);
/** Debian 12 puts these in /usr/sbin (merged /usr); the rest of what its packages install is in /usr/bin. */
const SBIN = new Set(["ip", "bridge", "tc", "ifconfig", "route", "arp", "sysctl", "iptables", "iptables-nft", "iptables-save", "iptables-nft-save", "iptables-restore", "iptables-nft-restore", "ip6tables", "ip6tables-save", "ip6tables-restore", "xtables-monitor", "iptables-legacy", "iptables-legacy-save", "iptables-legacy-restore", "iptables-translate", "iptables-restore-translate", "ip6tables-translate", "ip6tables-legacy", "ebtables", "arptables", "nft", "conntrack", "brctl", "dockerd", "nginx", "docker-proxy"]); // prettier-ignore

/** The file a program of this machine is, or undefined when it is not on PATH (a busybox applet without a link). */
export function programPath(m: Machine, name: string): string | undefined {
  if (!Object.hasOwn(m.spec.programs, name)) return undefined;
  const pkg = m.spec.programs[name];
  if (pkg === "busybox") return `/bin/${name}`;
  return `${SBIN.has(name) ? "/usr/sbin" : "/usr/bin"}/${name}`;
}

type Kind = { kind: "keyword" | "builtin" | "applet" | "function" } | { kind: "file"; path: string } | undefined;

function kindOf(ctx: CommandContext, name: string): Kind {
  const m = machineOf(ctx.world, ctx.session);
  const shell = shellOf(ctx.session, m);
  if ((shell === "sh" ? SH_KEYWORDS : BASH_KEYWORDS).has(name)) return { kind: "keyword" };
  // bash looks for a function before a builtin or a file.
  if (shell !== "sh" && Object.hasOwn(ctx.session.functions ?? {}, name)) return { kind: "function" };
  const p = providerOf(m, shell, name);
  if (p === "builtin") return { kind: "builtin" };
  // busybox's standalone sh runs its own applet before anything on PATH: `type ls` says `ls is ls`.
  if (shell === "sh" && m.spec.busyboxStandalone && BUSYBOX_APPLETS.includes(name)) return { kind: "applet" };
  const path = programPath(m, name);
  if (path) return { kind: "file", path };
  if (p === "busybox") return { kind: "applet" };
  return undefined;
}

function prefix(ctx: CommandContext): string {
  return ctx.session.shell === "bash-c" ? "bash: line 1: " : "bash: ";
}

/** Every file bash finds for `name` on Debian's PATH (/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin): merged /usr puts /usr/bin/x at /bin/x too. */
function pathHits(m: Machine, name: string): string[] {
  const p = programPath(m, name);
  if (!p) return [];
  return p.startsWith("/usr/") ? [p, p.slice(4)] : [p];
}

/** busybox ash's `type`: any option turns it into `command -v` for the names after it. */
function busyboxType(argv: readonly string[], ctx: CommandContext): CommandResult {
  const brief = argv[1]?.startsWith("-") === true;
  let stdout = "";
  let stderr = "";
  let status = 0;
  for (const n of argv.slice(brief ? 2 : 1)) {
    const k = kindOf(ctx, n);
    if (!k) {
      status = 127;
      if (!brief) stderr += `${n}: not found\n`;
      continue;
    }
    if (brief) stdout += k.kind === "file" ? `${k.path}\n` : `${n}\n`;
    else if (k.kind === "keyword") stdout += `${n} is a shell keyword\n`;
    else if (k.kind === "builtin") stdout += `${n} is a shell builtin\n`;
    else stdout += `${n} is ${k.kind === "file" ? k.path : n}\n`;
  }
  return { world: ctx.world, stdout, stderr, exitCode: status };
}

export const type: Command = (argv, ctx): CommandResult => {
  const sh = ctx.session.shell === "sh";
  if (sh) return busyboxType(argv, ctx);
  const m = machineOf(ctx.world, ctx.session);
  let mode: "" | "t" | "p" | "P" = "";
  let all = false;
  const names: string[] = [];
  for (const a of argv.slice(1)) {
    if (names.length === 0 && /^-[tpPaf]+$/.test(a)) {
      if (a.includes("a")) all = true;
      mode = a.includes("t") ? "t" : a.includes("P") ? "P" : a.includes("p") ? "p" : mode;
    } else names.push(a);
  }
  let stdout = "";
  let stderr = "";
  let status = 0;
  for (const n of names) {
    const k = kindOf(ctx, n);
    // -P searches PATH even for a builtin or keyword; -a lists every way the name runs.
    const files = n.includes("/") ? [] : pathHits(m, n);
    if (mode === "P") {
      if (files.length === 0) status = 1;
      stdout += (all ? files : files.slice(0, 1)).map((f) => `${f}\n`).join("");
      continue;
    }
    if (!k) {
      status = 1;
      if (mode !== "t" && mode !== "p") stderr += `${prefix(ctx)}type: ${n}: not found\n`;
      continue;
    }
    if (mode === "t") stdout += `${k.kind === "applet" ? "file" : k.kind}\n`;
    else if (mode === "p") {
      if (k.kind === "file") stdout += (all ? files : [k.path]).map((f) => `${f}\n`).join("");
      else if (all) stdout += files.map((f) => `${f}\n`).join("");
    } else {
      if (k.kind === "keyword") stdout += `${n} is a shell keyword\n`;
      else if (k.kind === "function") stdout += `${n} is a function\n${functionText(n, ctx.session.functions![n]!)}`;
      else if (k.kind === "builtin") stdout += `${n} is a shell builtin\n`;
      else if (k.kind === "applet") stdout += `${n} is ${n}\n`;
      if (k.kind === "file") stdout += (all ? files : [k.path]).map((f) => `${n} is ${f}\n`).join("");
      else if (all) stdout += files.map((f) => `${n} is ${f}\n`).join("");
    }
  }
  return { world: ctx.world, stdout, stderr, exitCode: status };
};

/** `command -v NAME` / `command -V NAME`; `command NAME ARGS` runs NAME (a function would be skipped; the lab has none). */
export const command: Command = (argv, ctx): CommandResult => {
  const sh = ctx.session.shell === "sh";
  const args = argv.slice(1);
  const opt = args[0];
  if (opt === "-v" || opt === "-V") {
    let stdout = "";
    let stderr = "";
    let status = 0;
    // busybox ash describes only the first name.
    for (const n of sh ? args.slice(1, 2) : args.slice(1)) {
      const k = kindOf(ctx, n);
      if (!k) {
        status = sh ? 127 : 1;
        if (opt === "-V") stderr += sh ? `${n}: not found\n` : `${prefix(ctx)}command: ${n}: not found\n`;
        continue;
      }
      if (opt === "-V") stdout += type([n, n], ctx).stdout;
      else stdout += k.kind === "file" ? `${k.path}\n` : `${n}\n`;
    }
    return { world: ctx.world, stdout, stderr, exitCode: status };
  }
  if (args.length === 0) return { world: ctx.world, stdout: "", stderr: "", exitCode: 0 };
  const quote = (w: string) => (/^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, "'\\''")}'`);
  return ctx.runLine(ctx.world, ctx.session, args.map(quote).join(" "));
};

/** `which`: the path of each name found on PATH; status 1 when any is missing (it prints nothing for those). */
export const which: Command = (argv, ctx): CommandResult => {
  const m = machineOf(ctx.world, ctx.session);
  let stdout = "";
  let status = 0;
  const all = argv.includes("-a") && !isBusybox(m, "which");
  const names = argv.slice(1).filter((a) => a !== "-a" && a !== "-s");
  if (names.length === 0) return { world: ctx.world, stdout: "", stderr: "", exitCode: 1 };
  for (const n of names) {
    const paths = n.includes("/") ? [] : pathHits(m, n);
    if (paths.length > 0) stdout += (all ? paths : paths.slice(0, 1)).map((p) => `${p}\n`).join("");
    else status = 1;
  }
  return { world: ctx.world, stdout, stderr: "", exitCode: status };
};
