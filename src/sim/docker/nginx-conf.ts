/**
 * The image's nginx reading its configuration inside a container: at start (a file it
 * refuses ends the container with status 1, the emerg line in its log), for `nginx -t`,
 * and on reload. The stock nginx.conf keeps the image's fixed server (programs/nginx.ts);
 * any other is loaded into a model kept on the container while its master runs.
 */
import { metaOf, metasOf } from "../kernel/file-meta.ts";
import { isDirectory, parseHosts, readFile } from "../kernel/files.ts";
import { resolvePath } from "../kernel/mounts.ts";
import { updateNetns } from "../kernel/netns.ts";
import type { KernelWorld, Listener } from "../kernel/types.ts";
import { parseIpv4 } from "../ipv4.ts";
import { containerImage } from "../machines/images/index.ts";
import { loadNginxConf, type ConfIO, type LoadResult } from "../machines/images/nginx-conf/load.ts";
import type { NginxConf } from "../machines/images/nginx-conf/model.ts";
import { dnsNamesOf } from "./embedded-resolver.ts";
import { serverListeners, serverOf } from "./image-server.ts";
import { stderrLine } from "./log-lines.ts";
import { appendLog, updateContainer } from "./lookup.ts";
import { netnsOfContainer } from "./shared-netns.ts";
import { userDefined, type Container, type DockerWorld } from "./types.ts";

export const NGINX_CONF_PATH = "/etc/nginx/nginx.conf";
const ENOENT = "2: No such file or directory";
/** How many names one directory listing may hold. */
const MAX_LIST = 500;

/** What nginx in container `c` sees of its files, its users and the names it can resolve. */
export function containerConfIO(world: DockerWorld, c: Container): ConfIO {
  const disk = containerImage(c)?.machine.disk;
  // A container sharing another's namespace keeps its files under that one's key, as docker cp writes them.
  const fs = netnsOfContainer(c);
  const gone = (p: string) => metaOf(world, fs, p)?.kind === "gone";
  const fromDisk = (p: string) => (disk && Object.hasOwn(disk.entries, p) ? disk.entries[p]! : undefined);
  const isDir = (p: string) => !gone(p) && (isDirectory(world, fs, p) || fromDisk(p)?.startsWith("d") === true);
  const read = (p: string): string | { error: string } => {
    if (gone(p)) return { error: ENOENT };
    if (isDir(p)) return { error: "21: Is a directory" };
    const text = readFile(world, fs, p);
    if (text !== undefined) return text;
    if (resolvePath(world, fs, p).fs === fs && fromDisk(p)?.startsWith("f"))
      return Object.hasOwn(disk!.content, p) ? disk!.content[p]! : "";
    return { error: ENOENT };
  };
  return {
    read,
    isDir,
    glob(pattern) {
      const dir = pattern.replace(/\/[^/]*$/, "") || "/";
      const base = pattern.slice(dir.length + (dir === "/" ? 0 : 1));
      const re = new RegExp(
        "^" +
          base
            .replace(/[.+^${}()|\\]/g, "\\$&")
            .replace(/\*/g, "[^/]*")
            .replace(/\?/g, "[^/]") +
          "$",
      );
      return listDir(world, fs, dir, disk?.entries)
        .filter((n) => re.test(n) && !n.startsWith("."))
        .map((n) => `${dir === "/" ? "" : dir}/${n}`)
        .filter((p) => typeof read(p) === "string");
    },
    resolve: (host) => resolveFrom(world, c, host),
    hasUser(name) {
      const passwd = read("/etc/passwd");
      return typeof passwd === "string" && passwd.split("\n").some((l) => l.split(":")[0] === name);
    },
  };
}

/** The names directly under `dir` in `fs`: what was written there, through a mount, and the image's. */
export function listDir(
  world: KernelWorld,
  fs: string,
  dir: string,
  entries?: Readonly<Record<string, string>>,
): string[] {
  const at = resolvePath(world, fs, dir);
  const names = new Set<string>();
  const add = (keys: Iterable<string>, under: string) => {
    for (const k of keys) {
      if (names.size >= MAX_LIST) break;
      if (k.startsWith(under + "/") && !k.slice(under.length + 1).includes("/")) names.add(k.slice(under.length + 1));
    }
  };
  const stored = Object.hasOwn(world.files, at.fs) ? Object.keys(world.files[at.fs]!) : [];
  add(stored, at.path.replace(/\/$/, ""));
  if (at.fs === fs && entries) add(Object.keys(entries), dir.replace(/\/$/, ""));
  // Directories mkdir made, empty ones too, are known by their metadata alone.
  add(
    Object.entries(metasOf(world, at.fs))
      .filter(([, m]) => m.kind === "dir")
      .map(([k]) => k),
    at.path.replace(/\/$/, ""),
  );
  return [...names].filter((n) => metaOf(world, at.fs, `${at.path}/${n}`)?.kind !== "gone").sort();
}

/**
 * An address for `host` as the container's resolver gives it when nginx starts: an IP,
 * /etc/hosts, or a container sharing one of its user networks (the embedded DNS). Names
 * dockerd would forward outside are not resolved here.
 */
function resolveFrom(world: DockerWorld, c: Container, host: string): string | undefined {
  if (parseIpv4(host) !== null) return host;
  const hostsText = readFile(world, netnsOfContainer(c), "/etc/hosts");
  const hosts = hostsText !== undefined ? parseHosts(hostsText) : {};
  if (Object.hasOwn(hosts, host)) return hosts[host];
  if (host === "localhost") return "127.0.0.1";
  const wanted = host.toLowerCase();
  for (const ep of c.endpoints) {
    const net = world.docker.networks.find((n) => n.id === ep.networkId);
    if (!net || !userDefined(net)) continue;
    for (const other of world.docker.containers) {
      if (other.status !== "running") continue;
      const peer = other.endpoints.find((e) => e.networkId === ep.networkId);
      if (!peer?.ipAddress) continue;
      const aliases = other.endpointConfig?.[ep.networkId]?.aliases ?? [];
      if (dnsNamesOf(other, aliases).some((n) => n.toLowerCase() === wanted)) return peer.ipAddress;
    }
  }
  return undefined;
}

/** Whether the container's nginx.conf is still the image's own (the fixed server answers). */
export function stockConf(world: DockerWorld, c: Container): boolean {
  const text = containerConfIO(world, c).read(NGINX_CONF_PATH);
  return text === containerImage(c)?.machine.disk?.content[NGINX_CONF_PATH];
}

/** nginx -t's reading of `path` in container `c`. */
export function testConf(world: DockerWorld, c: Container, path: string): LoadResult {
  return loadNginxConf(containerConfIO(world, c), path);
}

/** `2026/12/07 03:32:00`: nginx's error-log time. */
export function nginxLogTime(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${d.getUTCFullYear()}/${two(d.getUTCMonth() + 1)}/${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

function isMaster(l: Listener, c: Container): boolean {
  return l.app.kind === "nginx" && l.app.container === c.id && l.pid === c.pid;
}

/** The sockets a loaded configuration listens on, in the order nginx opens them. */
function confListeners(conf: NginxConf, c: Container): Listener[] {
  const seen = new Set<string>();
  const out: Listener[] = [];
  for (const s of conf.servers)
    for (const l of s.listens) {
      const key = `${l.addr}|${l.port}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({
        proto: "tcp",
        addr: l.addr,
        port: l.port,
        pid: c.pid,
        process: "nginx",
        app: { kind: "nginx", container: c.id },
      });
    }
  return out;
}

/** The master (the container's PID 1) takes `conf`: its sockets become the configuration's. */
export function applyConf<W extends DockerWorld>(world: W, c: Container, conf: NginxConf | undefined): W {
  let w = updateContainer(world, c.id, (x) => {
    // A reload's new worker begins every upstream block's turn again.
    const { serverConf: _old, upstreamTurns: _turns, ...rest } = x;
    return conf ? { ...rest, serverConf: conf } : rest;
  });
  // Back on the stock file, the image's own sockets.
  const server = serverOf(c);
  const opened = conf ? confListeners(conf, c) : server ? serverListeners(server, c.id, c.pid) : [];
  if (!conf && !c.serverConf) return w;
  w = updateNetns(w, netnsOfContainer(c), (n) => {
    const kept = n.listeners.filter((l) => !isMaster(l, c));
    return { ...n, listeners: [...kept, ...opened] };
  });
  return w;
}

/**
 * The image's master has just started in container `id` with the image's sockets: it reads
 * its configuration; one it refuses makes it exit at once, the emerg line in the log.
 */
export function startNginxConf<W extends DockerWorld>(world: W, id: string): W {
  const c = world.docker.containers.find((x) => x.id === id);
  if (!c || serverOf(c)?.program !== "nginx") return world;
  if (stockConf(world, c)) return c.serverConf ? applyConf(world, c, undefined) : world;
  const r = loadNginxConf(containerConfIO(world, c), NGINX_CONF_PATH, true);
  if (r.ok) {
    const warns = r.warnings.map((t) => stderrLine(`${nginxLogTime(world.clock)} [warn] 1#1: ${t}`));
    return applyConf(warns.length > 0 ? appendLog(world, id, warns.join("\n")) : world, c, r.conf);
  }
  const line = stderrLine(`${nginxLogTime(world.clock)} [emerg] 1#1: ${r.error}`);
  const w = updateNetns(world, netnsOfContainer(c), (n) => ({
    ...n,
    listeners: n.listeners.filter((l) => !isMaster(l, c)),
  }));
  return updateContainer(w, id, (x) => ({ ...x, exitsAt: w.clock, exitsWith: 1, exitLog: [line] }));
}
