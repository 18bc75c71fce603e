/**
 * Volumes and bind mounts (`-v`, `--mount`, `docker volume`): the daemon's volume store,
 * the mounts a container is created with, and the bind mounts they become in its mount
 * namespace (kernel/mounts.ts), so that what the container reads or writes under a
 * mount's destination is the host's directory: a bind's source, or a volume's
 * /var/lib/docker/volumes/NAME/_data. A volume mounted empty is first filled from what
 * the image has at the destination, as the daemon's copy-up does.
 */
import { dropMetaTree, metasOf, setMeta } from "../kernel/file-meta.ts";
import { dropFileTree, isDirectory, writeFile } from "../kernel/files.ts";
import { mountsOf, withMounts } from "../kernel/mounts.ts";
import type { BindMount } from "../kernel/types.ts";
import { containerImage } from "../machines/images/index.ts";
import { nextHex } from "../rng.ts";
import { findContainer } from "./lookup.ts";
import { RESTRICTED_NAME } from "./names.ts";
import type { Container, ContainerMount, DockerWorld, MountFlag, Volume } from "./types.ts";

export type { ContainerMount, MountFlag, Volume };

export const VOLUMES_DIR = "/var/lib/docker/volumes";

/** A mount the CLI parsed: `name` undefined is an anonymous volume. */
export type MountRequest =
  | {
      readonly kind: "bind";
      readonly source: string;
      readonly target: string;
      readonly mode: string;
      readonly text?: string;
      readonly flag?: MountFlag;
    }
  | {
      readonly kind: "volume";
      readonly name?: string;
      readonly target: string;
      readonly mode: string;
      readonly text?: string;
      readonly flag?: MountFlag;
    };

/** A refusal the CLI makes itself, or (`daemon`) one it leaves to the daemon's create. */
export type Parsed<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string; readonly daemon?: boolean };

const MODES = new Set(["ro", "rw", "z", "Z", "nocopy", "shared", "rshared", "private", "rprivate", "slave", "rslave"]);

export function volumePath(name: string): string {
  return `${VOLUMES_DIR}/${name}/_data`;
}

export function isReadOnly(mode: string): boolean {
  return mode.split(",").includes("ro");
}

/** `-v [SRC:]DST[:MODE]`, as the CLI and the daemon read it on Linux. */
export function parseVolumeFlag(spec: string): Parsed<MountRequest> {
  const parts = spec.split(":");
  if (parts.length > 3 || parts.some((p) => p === ""))
    return { ok: false, error: `invalid spec: ${spec}: empty section between colons` };
  const [a, b, mode = ""] = parts as [string, string | undefined, string | undefined];
  if (mode !== "" && !mode.split(",").every((m) => MODES.has(m))) return { ok: false, error: `invalid mode: ${mode}` };
  if (b === undefined) return { ok: true, value: { kind: "volume", target: a, mode } };
  if (a.startsWith("/")) return { ok: true, value: { kind: "bind", source: a, target: b, mode, text: spec } };
  return { ok: true, value: { kind: "volume", name: a, target: b, mode, text: spec } };
}

/** `--mount type=bind,source=…,target=…[,readonly]`. */
export function parseMountFlag(spec: string): Parsed<MountRequest> {
  let type = "volume";
  let source: string | undefined;
  let target: string | undefined;
  let readOnly = false;
  for (const field of spec.split(",")) {
    const eq = field.indexOf("=");
    const key = (eq < 0 ? field : field.slice(0, eq)).toLowerCase();
    const val = eq < 0 ? undefined : field.slice(eq + 1);
    if (key === "type") type = val ?? "";
    else if (key === "source" || key === "src") source = val;
    else if (key === "target" || key === "destination" || key === "dst") target = val;
    else if (key === "readonly" || key === "ro") {
      if (val !== undefined && !["true", "false", "1", "0"].includes(val))
        return { ok: false, error: `invalid value for ${key}: ${val}` };
      readOnly = val === undefined || val === "true" || val === "1";
    } else return { ok: false, error: `unexpected key '${key}' in '${field}'` };
  }
  // The CLI passes any type on; the daemon knows bind, volume, tmpfs and npipe (the lab: the first two).
  if (type !== "bind" && type !== "volume")
    return { ok: false, daemon: true, error: `invalid mount config for type "${type}": mount type unknown` };
  if (target === undefined) return { ok: false, error: "target is required" };
  const flag: MountFlag = { type, ...(source !== undefined ? { source } : {}), target, readOnly };
  const mode = readOnly ? "ro" : "";
  if (type === "bind") {
    if (source === undefined)
      return { ok: false, error: `invalid mount config for type "bind": field Source must not be empty` };
    return { ok: true, value: { kind: "bind", source, target, mode, flag } };
  }
  return { ok: true, value: { kind: "volume", ...(source !== undefined ? { name: source } : {}), target, mode, flag } };
}

/** The daemon's refusal of a container's mounts, before anything is created. */
export function mountsError(world: DockerWorld, reqs: readonly MountRequest[]): string | undefined {
  for (const r of reqs) {
    // A -v spec's refusal names the spec first (moby's errInvalidSpec).
    const spec = r.text !== undefined ? `invalid volume specification: '${r.text}': ` : "";
    if (!r.target.startsWith("/"))
      return `${spec}invalid mount config for type "${r.kind}": invalid mount path: '${r.target}' mount path must be absolute`;
    if (r.target === "/")
      return `${spec}invalid mount config for type "${r.kind}": invalid specification: destination can't be '/'`;
    if (r.kind === "bind" && r.flag && !isDirectory(world, "host", r.source))
      return `invalid mount config for type "bind": bind source path does not exist: ${r.source}`;
    if (r.kind === "volume" && r.name !== undefined && !RESTRICTED_NAME.test(r.name))
      return `create ${r.name}: "${r.name}" includes invalid characters for a local volume name, only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. If you intended to pass a host directory, use absolute path`;
  }
  return undefined;
}

export function volumesOf(world: DockerWorld): readonly Volume[] {
  return world.docker.volumes ?? [];
}

export function findVolume(world: DockerWorld, name: string): Volume | undefined {
  return volumesOf(world).find((v) => v.name === name);
}

/** `docker volume create [NAME]`: an existing name is kept as it is. */
export function createVolume<W extends DockerWorld>(world: W, name?: string, anonymous = false): [Volume, W] {
  let w = world;
  let n = name;
  if (n === undefined) {
    let rng;
    [n, rng] = nextHex(w.rng, 64);
    w = { ...w, rng };
  }
  const had = findVolume(w, n);
  if (had) return [had, w];
  const v: Volume = { name: n, created: w.clock, anonymous };
  w = setMeta(setMeta(w, "host", `${VOLUMES_DIR}/${n}`, { kind: "dir", mode: 0o701 }), "host", volumePath(n), {
    kind: "dir",
  });
  return [v, { ...w, docker: { ...w.docker, volumes: [...volumesOf(w), v] } }];
}

/** Removes a volume and what it holds on the host. */
export function dropVolume<W extends DockerWorld>(world: W, name: string): W {
  const root = `${VOLUMES_DIR}/${name}`;
  const w = dropFileTree(dropMetaTree(world, "host", root), "host", root);
  return { ...w, docker: { ...w.docker, volumes: volumesOf(w).filter((v) => v.name !== name) } };
}

/** Containers (running or not) that mount the volume. */
export function volumeUsers(world: DockerWorld, name: string): readonly Container[] {
  return world.docker.containers.filter((c) => c.mounts?.some((m) => m.type === "volume" && m.name === name));
}

/** What the volume's directory holds, in bytes (files, and links by their target's length). */
export function volumeSize(world: DockerWorld, name: string): number {
  const root = volumePath(name) + "/";
  let n = 0;
  for (const [p, t] of Object.entries(world.files["host"] ?? {})) if (p.startsWith(root)) n += t.length;
  for (const [p, m] of Object.entries(world.fileMeta?.["host"] ?? {}))
    if (p.startsWith(root) && m.kind === "link") n += (m.target ?? "").length;
  return n;
}

function isEmpty(world: DockerWorld, dir: string): boolean {
  const under = dir + "/";
  const hostFiles = world.files["host"] ?? {};
  if (Object.keys(hostFiles).some((p) => p.startsWith(under))) return false;
  return !Object.entries(world.fileMeta?.["host"] ?? {}).some(([p, m]) => m.kind !== "gone" && p.startsWith(under));
}

/**
 * The daemon's copy-up: what the container's image holds under `target` goes into the
 * empty volume at `dir`: the catalogue image's files, then those its derived image's
 * layers wrote (already in the container's layer), less what those layers removed.
 */
function copyUp<W extends DockerWorld>(world: W, c: Container, target: string, dir: string): W {
  let w = world;
  const under = target + "/";
  const gone = metasOf(world, c.id);
  const kept = (p: string) => gone[p]?.kind !== "gone";
  const disk = containerImage(c)?.machine.disk;
  for (const [p, spec] of Object.entries(disk?.entries ?? {})) {
    if (!p.startsWith(under) || !kept(p)) continue;
    const to = dir + p.slice(target.length);
    if (spec.startsWith("l:")) w = setMeta(w, "host", to, { kind: "link", target: spec.slice(2) });
    else if (spec.startsWith("d")) w = setMeta(w, "host", to, { kind: "dir" });
    else if (spec.startsWith("f")) {
      w = writeFile(w, "host", to, disk!.content[p] ?? "");
      const mode = parseInt(spec.slice(1), 8);
      if (mode !== 0o644) w = setMeta(w, "host", to, { mode });
    }
  }
  for (const [p, text] of Object.entries(world.files[c.id] ?? {}))
    if (p.startsWith(under) && kept(p)) w = writeFile(w, "host", dir + p.slice(target.length), text);
  return w;
}

/**
 * The container's mounts made: volumes created (and filled) as needed, a missing bind
 * source made as a directory (as `-v` does; `--mount` was refused before), and the bind
 * mounts put in the container's mount namespace.
 */
export function attachMounts<W extends DockerWorld>(
  world: W,
  c: Container,
  reqs: readonly MountRequest[],
): { world: W; mounts: ContainerMount[] } {
  let w = world;
  const mounts: ContainerMount[] = [];
  const binds: BindMount[] = [];
  for (const r of reqs) {
    const rw = !isReadOnly(r.mode);
    let source = "";
    let volume: Partial<ContainerMount> = {};
    if (r.kind === "bind") {
      source = r.source;
      if (!isDirectory(w, "host", source) && !w.files["host"]?.[source])
        w = setMeta(w, "host", source, { kind: "dir" });
    } else {
      let v: Volume;
      [v, w] = createVolume(w, r.name, r.name === undefined);
      source = volumePath(v.name);
      if (isEmpty(w, source) && !r.mode.split(",").includes("nocopy")) w = copyUp(w, c, r.target, source);
      volume = { ...(r.name === undefined ? { anonymous: true } : {}), name: v.name };
    }
    mounts.push({
      type: r.kind,
      ...volume,
      source,
      destination: r.target,
      // The daemon gives a volume's `-v` the SELinux label mode `z` when none was asked for.
      mode: r.flag ? "" : r.kind === "volume" ? r.mode || "z" : r.mode,
      rw,
      ...(r.text !== undefined ? { bind: r.text } : {}),
      ...(r.flag ? { spec: r.flag } : {}),
    });
    binds.push({ target: r.target, sourceFs: "host", source, readOnly: !rw });
  }
  const extra = fsMounts(c);
  for (const m of extra) if (m.sourceFs !== c.id) w = setMeta(w, m.sourceFs, m.source, { kind: "dir", mode: 0o1777 });
  if (binds.length + extra.length > 0) w = withMounts(w, c.id, [...binds, ...extra]);
  return { world: w, mounts };
}

/** Where a container's `--tmpfs` directory keeps its files: a tree of its own, gone with the container. */
export function tmpfsOf(id: string, target: string): string {
  return `tmpfs:${id}:${target}`;
}

/**
 * The mounts `--tmpfs` and `--read-only` add: each tmpfs a writable tree of its own; a
 * read-only root, with the files Docker bind-mounts into every container (hosts,
 * hostname, resolv.conf) still writable.
 */
function fsMounts(c: Container): BindMount[] {
  const out: BindMount[] = [];
  for (const t of c.settings?.tmpfs ?? []) {
    const target = t.split(":")[0]!;
    out.push({ target, sourceFs: tmpfsOf(c.id, target), source: target, readOnly: false });
  }
  if (c.settings?.readOnly) {
    out.push({ target: "/", sourceFs: c.id, source: "/", readOnly: true });
    for (const f of ["/etc/hosts", "/etc/hostname", "/etc/resolv.conf"])
      out.push({ target: f, sourceFs: c.id, source: f, readOnly: false });
  }
  return out;
}

/** What `--volumes-from NAME[:ro|rw]` takes: the named container's mounts, read-only when asked. */
export function volumesFrom(world: DockerWorld, specs: readonly string[]): Parsed<MountRequest[]> {
  const reqs: MountRequest[] = [];
  for (const spec of specs) {
    const [ref = "", mode = ""] = spec.split(":");
    const from = findContainer(world, ref);
    if (!from) return { ok: false, error: `No such container: ${ref}` };
    for (const m of from.mounts ?? []) {
      const ro = mode === "ro" || (mode === "" && !m.rw);
      const base = { target: m.destination, mode: ro ? "ro" : "" };
      reqs.push(
        m.type === "bind"
          ? { kind: "bind", source: m.source, ...base }
          : { kind: "volume", ...(m.name !== undefined ? { name: m.name } : {}), ...base },
      );
    }
  }
  return { ok: true, value: reqs };
}

/** A removed container's mounts go, and its tmpfs trees with them. */
export function dropMounts<W extends DockerWorld>(world: W, id: string): W {
  const gone = mountsOf(world, id).filter((m) => m.sourceFs.startsWith("tmpfs:"));
  let w = withMounts(world, id, []);
  if (gone.length === 0) return w;
  const files = { ...w.files };
  const fileMeta = { ...w.fileMeta };
  for (const m of gone) {
    delete files[m.sourceFs];
    delete fileMeta[m.sourceFs];
  }
  w = { ...w, files, fileMeta };
  return w;
}

/** A removed container's anonymous volumes go too (`docker rm -v`, `--rm`), unless another container holds them. */
export function dropAnonymousVolumes<W extends DockerWorld>(world: W, c: Container): W {
  let w = world;
  for (const m of c.mounts ?? []) {
    if (m.type !== "volume" || m.name === undefined) continue;
    const v = findVolume(w, m.name);
    if (v?.anonymous && volumeUsers(w, v.name).length === 0) w = dropVolume(w, v.name);
  }
  return w;
}

/** inspect's Mounts (types.MountPoint; Name and Driver omitted when empty). */
export function mountPointsJson(c: Container): object[] {
  return (c.mounts ?? []).map((m) => ({
    Type: m.type,
    ...(m.name !== undefined ? { Name: m.name } : {}),
    Source: m.source,
    Destination: m.destination,
    ...(m.type === "volume" ? { Driver: "local" } : {}),
    Mode: m.mode,
    RW: m.rw,
    Propagation: m.type === "bind" ? "rprivate" : "",
  }));
}

/** HostConfig.Binds: each `-v SRC:DST[:MODE]` as typed; null without one. */
export function bindsJson(c: Container): string[] | null {
  const binds = (c.mounts ?? []).flatMap((m) => (m.bind !== undefined ? [m.bind] : []));
  return binds.length > 0 ? binds : null;
}

/** HostConfig.Mounts: what `--mount` gave (mount.Mount, its empty fields omitted). */
export function hostMountsJson(c: Container): object[] | undefined {
  const specs = (c.mounts ?? []).flatMap((m) => (m.spec ? [m.spec] : []));
  if (specs.length === 0) return undefined;
  return specs.map((s) => ({
    Type: s.type,
    ...(s.source !== undefined ? { Source: s.source } : {}),
    Target: s.target,
    ...(s.readOnly ? { ReadOnly: true } : {}),
  }));
}

/** Config.Volumes: the destinations of `-v /PATH` (anonymous volumes); null without one. */
export function configVolumesJson(c: Container): Record<string, object> | null {
  const anon = (c.mounts ?? []).filter((m) => m.anonymous);
  return anon.length > 0 ? Object.fromEntries(anon.map((m) => [m.destination, {}])) : null;
}
