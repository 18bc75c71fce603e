/**
 * The less common `docker run` flags, read as the CLI reads them: the environment from
 * `-e` and `--env-file`, labels, `--memory` and `--cpus` (go-units sizes; the daemon's
 * bounds), `--cidfile`. Each returns the value, or the CLI's or the daemon's refusal.
 */
import { parseGoDuration } from "../../../docker/go-duration.ts";
import type { ContainerLink, HealthConfig, RunSettings } from "../../../docker/types.ts";
import { setMeta } from "../../../kernel/file-meta.ts";
import { readFile } from "../../../kernel/files.ts";
import { parseIpv4 } from "../../../ipv4.ts";
import { lookup, viewOf } from "../../lib/vfs.ts";
import { flag, value, values, type ParsedFlags } from "./flags.ts";
import type { World } from "../../../world.ts";
import { profileOf } from "../../../docker/engine/index.ts";
import type { Session } from "../../command.ts";
import { exportedEnv, resolvePath } from "../../vars.ts";

export type Read<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

/** opts.ReadKVEnvStrings: the files' lines first, then each -e; `NAME` alone takes the caller's value, if it has one. */
export function runEnv(
  world: World,
  session: Session,
  files: readonly string[],
  flags: readonly string[],
): Read<string[]> {
  const caller = exportedEnv(world, session);
  const out: string[] = [];
  const take = (entry: string) => {
    if (entry.includes("=")) out.push(entry);
    else if (Object.hasOwn(caller, entry)) out.push(`${entry}=${caller[entry]}`);
  };
  for (const f of files) {
    const text = readFile(world, session.machine, resolvePath(world, session, f));
    if (text === undefined) return { ok: false, error: `open ${f}: no such file or directory` };
    for (const raw of text.split("\n")) {
      const line = raw.replace(/^\s+/, "");
      if (line === "" || line.startsWith("#")) continue;
      // The CLI's parseKeyValueFile: the name is what comes before the first "=", and may hold no blank.
      const eq = line.indexOf("=");
      const name = (eq < 0 ? line : line.slice(0, eq)).replace(/^[ \t]+/, "");
      const bad = (cause: string, badKey: boolean) =>
        ({ ok: false, error: profileOf(world.docker).errors.envFileLine(f, cause, badKey) }) as const;
      if (/[ \t]/.test(name)) return bad(`variable '${name}' contains whitespaces`, true);
      if (name === "") return bad(`no variable name on line '${line}'`, false);
      take(line);
    }
  }
  for (const e of flags) take(e);
  return { ok: true, value: out };
}

/** `--label k=v` (or `k` alone, an empty value). */
export function runLabels(flags: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const l of flags) {
    const eq = l.indexOf("=");
    out[eq < 0 ? l : l.slice(0, eq)] = eq < 0 ? "" : l.slice(eq + 1);
  }
  return out;
}

/** go-units RAMInBytes: a number with an optional b/k/m/g/t/p suffix (and a trailing b), powers of 1024. */
export function ramInBytes(v: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*([bkmgtp])?b?$/i.exec(v);
  if (!m) return undefined;
  const pow = "bkmgtp".indexOf((m[2] ?? "b").toLowerCase());
  return Math.floor(Number(m[1]) * 1024 ** pow);
}

/** The daemon's checks of --memory and --cpus against the host (2 CPUs in the lab). */
export function limitsError(
  memory: number | undefined,
  nanoCpus: number | undefined,
  ncpu: number,
  cpusRange: (n: number) => string,
): string | undefined {
  if (memory !== undefined && memory > 0 && memory < 6 * 1024 * 1024) return "Minimum memory limit allowed is 6MB";
  if (nanoCpus !== undefined && (nanoCpus < 1e7 || nanoCpus > ncpu * 1e9)) return cpusRange(ncpu);
  return undefined;
}

const HEALTH_TIMES = [
  ["--health-interval", "interval", "Interval"],
  ["--health-timeout", "timeout", "Timeout"],
  ["--health-start-period", "startPeriod", "StartPeriod"],
] as const;

/** Who refuses a health flag: pflag as it parses (a flag error), the CLI's own check, or the daemon. */
export type HealthRefusal = { readonly by: "flag" | "cli" | "daemon"; readonly error: string };

/**
 * `--health-cmd` with its timings (Go durations, in ms); `--no-healthcheck` none. The
 * timings are read even without a command, as pflag reads every flag given.
 */
export function healthOf(f: ParsedFlags): { health?: HealthConfig } | { refused: HealthRefusal } {
  const times: { interval?: number; timeout?: number; startPeriod?: number } = {};
  for (const [name, key] of HEALTH_TIMES) {
    const v = value(f, name);
    if (v === undefined) continue;
    const d = parseGoDuration(v);
    if ("error" in d)
      return { refused: { by: "flag", error: `invalid argument "${v}" for "${name}" flag: ${d.error}` } };
    if (d.ns < 0) return { refused: { by: "cli", error: `${name} cannot be negative` } };
    times[key] = d.ns / 1e6;
  }
  const cmd = value(f, "--health-cmd");
  if (cmd === undefined || flag(f, "--no-healthcheck")) return {};
  // The daemon's validateHealthcheck: zero means "the default", anything else at least a millisecond.
  for (const [, key, field] of HEALTH_TIMES) {
    const ms = times[key];
    if (ms !== undefined && ms !== 0 && ms < 1)
      return { refused: { by: "daemon", error: `${field} in Healthcheck cannot be less than 1ms` } };
  }
  const retries = value(f, "--health-retries");
  return {
    health: {
      cmd,
      ...times,
      ...(retries !== undefined && /^\d+$/.test(retries) ? { retries: Number(retries) } : {}),
    },
  };
}

/** mkdir -p in a container's tree, for the directories its image does not have. */
export function makeDirs(world: World, id: string, path: string): World {
  let w = world;
  let at = "";
  for (const part of path.split("/").filter(Boolean)) {
    at += "/" + part;
    if ("error" in lookup(viewOf(w, { machine: id, container: id }), at)) w = setMeta(w, id, at, { kind: "dir" });
  }
  return w;
}

/** A `-v` spec whose source starts with "." (CLI 23+), its source made absolute for the session. */
export function absoluteSource(spec: string, world: World, session: Session): string {
  const colon = spec.indexOf(":");
  return resolvePath(world, session, spec.slice(0, colon)) + spec.slice(colon);
}

/** opts.ValidateExtraHost: `NAME:IP` or `NAME=IP` (IP may be `host-gateway`); the reason it is refused. */
export function extraHostError(h: string): string | undefined {
  const m = /^([^:=]*)[:=](.*)$/.exec(h);
  if (!m || m[1] === "") return `bad format for add-host: "${h}"`;
  const ip = m[2]!.replace(/^\[(.*)\]$/, "$1");
  if (ip === "host-gateway" || parseIpv4(ip) !== null || /^[0-9a-fA-F:]+:[0-9a-fA-F:.]*$/.test(ip)) return undefined;
  return `invalid IP address in add-host: "${m[2]}"`;
}

/** The settings the less common flags ask for, kept only when one was given. */
export function settingsOf(
  f: ParsedFlags,
  links: readonly ContainerLink[],
  more: RunSettings,
): { settings?: RunSettings } {
  const sysctls = values(f, "--sysctl");
  const s: RunSettings = {
    ...more,
    ...(value(f, "--domainname") ? { domainname: value(f, "--domainname")! } : {}),
    ...(value(f, "--mac-address") !== undefined ? { macAddress: value(f, "--mac-address")! } : {}),
    ...(sysctls.length > 0 ? { sysctls: Object.fromEntries(sysctls.map((v) => splitOnce(v, "="))) } : {}),
    ...(values(f, "--cap-add").length > 0 ? { capAdd: values(f, "--cap-add") } : {}),
    ...(values(f, "--cap-drop").length > 0 ? { capDrop: values(f, "--cap-drop") } : {}),
    ...(flag(f, "--privileged") ? { privileged: true } : {}),
    ...(value(f, "--workdir") ? { workdir: value(f, "--workdir")! } : {}),
    ...(flag(f, "--read-only") ? { readOnly: true } : {}),
    ...(values(f, "--tmpfs").length > 0 ? { tmpfs: values(f, "--tmpfs") } : {}),
    ...(values(f, "--volumes-from").length > 0 ? { volumesFrom: values(f, "--volumes-from") } : {}),
    ...(flag(f, "--init") ? { init: true } : {}),
    ...(links.length > 0 ? { links } : {}),
  };
  return Object.keys(s).length > 0 ? { settings: s } : {};
}

export function splitOnce(v: string, sep: string): [string, string] {
  const i = v.indexOf(sep);
  return [v.slice(0, i), v.slice(i + 1)];
}

/** `--link NAME[:ALIAS]`; without an alias the name is the alias. */
export function parseLink(v: string): ContainerLink {
  const [name, alias] = splitOnce(v.includes(":") ? v : `${v}:${v}`, ":");
  return { name: name.replace(/^\//, ""), alias };
}

/** opts.ValidateSysctl: IPC sysctls by name, `net.*` and `fs.mqueue.*` by prefix, always NAME=VALUE. */
export function sysctlError(v: string): string | undefined {
  const ipc = ["kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem", "kernel.shmall", "kernel.shmmax"];
  const name = v.split("=")[0]!;
  const ok =
    v.includes("=") &&
    ([...ipc, "kernel.shmmni", "kernel.shm_rmid_forced"].includes(name) ||
      name.startsWith("net.") ||
      name.startsWith("fs.mqueue."));
  return ok ? undefined : `sysctl '${v}' is not allowed`;
}

/** `--restart no|always|unless-stopped|on-failure[:N]`, as the CLI's ParseRestartPolicy splits it. */
export function restartPolicyOf(spec: string | undefined): {
  restartPolicy?: { name: string; maximumRetryCount: number };
} {
  if (spec === undefined || spec === "") return {};
  const [name, count] = spec.split(":", 2) as [string, string | undefined];
  const n = count !== undefined && /^\d+$/.test(count) ? Number(count) : 0;
  return { restartPolicy: { name, maximumRetryCount: n } };
}

/**
 * What `docker run`/`create` warns of: `cli` at once, `daemon` with its answer to a create
 * that succeeded (a refused one, a bad name say, prints none; after an implicit pull they
 * follow its progress). A loopback name server (the container's own inside it) is 26's
 * CLI's warning and 28's daemon's.
 */
export function createWarnings(
  world: World,
  f: ParsedFlags,
  network: string | undefined,
  publishes: boolean,
): { cli: string; daemon: string } {
  const errors = profileOf(world.docker).errors;
  let cli = "";
  let daemon =
    network === "host" && publishes ? "WARNING: Published ports are discarded when using host network mode\n" : "";
  // The daemon's sysinfo, read when it started, as `docker info` reports it; host and none need no forwarding.
  const forwarding = world.docker.forwardingAtStart ?? world.netns["host"]?.sysctl["net.ipv4.ip_forward"] === "1";
  if (!forwarding && network !== "host" && network !== "none")
    daemon += "WARNING: IPv4 forwarding is disabled. Networking will not work.\n";
  for (const d of values(f, "--dns"))
    if (d.startsWith("127.") || d === "::1") {
      const line = errors.localhostDns(d) + "\n";
      if (errors.localhostDnsFrom === "cli") cli += line;
      else daemon += line;
    }
  return { cli, daemon };
}
