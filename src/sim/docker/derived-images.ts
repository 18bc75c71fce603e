/**
 * Images made on the host: a tag of an image, `docker commit` of a container's writable
 * layer, a `docker build` step. A derived image keeps the catalogue image it starts from
 * (its programs and disk) and the layers added on top; a container made from it starts
 * with those layers' files in its own layer, and `docker diff` leaves out what it only
 * inherited. `docker diff` also lists what the image's nginx changes as it starts: its
 * temp directories under /var/lib/nginx and its pid file.
 */
import { metasOf, setMeta } from "../kernel/file-meta.ts";
import { byteLength } from "../kernel/stack/packet.ts";
import { pidFileBytes } from "./container-size.ts";
import { containerImage, findImage, IMAGES } from "../machines/images/index.ts";
import type { ImageSpec } from "../machines/images/types.ts";
import { localImages, resolveImage } from "./images.ts";
import { newId } from "./network.ts";
import type { Container, DockerWorld, ImageLayer, LocalImage } from "./types.ts";

const BIND_MOUNTED = new Set(["/etc/hosts", "/etc/resolv.conf", "/etc/hostname"]);

/** What a reference names: the local image (if the store has it) and the catalogue image it runs. */
export function imageSource(
  world: Pick<DockerWorld, "docker">,
  ref: string,
): { readonly spec: ImageSpec; readonly local?: LocalImage } | undefined {
  const local = resolveImage(world.docker, ref);
  const spec = local ? IMAGES.find((i) => i.id === (local.base ?? local.id)) : findImage(ref);
  if (!spec) return undefined;
  return local ? { spec, local } : { spec };
}

/** The environment the image's layers set (`ENV`), later ones over earlier. */
export function imageEnv(img: LocalImage | undefined): string[] {
  const env = new Map<string, string>();
  for (const l of img?.layers ?? []) for (const e of l.env ?? []) env.set(e.split("=")[0]!, e);
  return [...env.values()];
}

/** A new container's layer starts with the files its image's layers wrote and without those they removed. */
export function seedLayers<W extends DockerWorld>(world: W, id: string, img: LocalImage | undefined): W {
  let w = world;
  for (const l of img?.layers ?? []) {
    if (l.files && Object.keys(l.files).length > 0) {
      const prev = Object.hasOwn(w.files, id) ? w.files[id]! : {};
      w = { ...w, files: { ...w.files, [id]: { ...prev, ...l.files } } };
    }
    for (const p of l.gone ?? []) w = setMeta(w, id, p, { kind: "gone" });
  }
  return w;
}

/** The files and removals the image's own layers hold (what a container inherits, not what it changed). */
function inherited(world: DockerWorld, c: Container): { files: Record<string, string>; gone: Set<string> } {
  const img = localImages(world.docker).find((i) => i.id === c.imageId);
  const files: Record<string, string> = {};
  const gone = new Set<string>();
  for (const l of img?.layers ?? []) {
    Object.assign(files, l.files ?? {});
    for (const p of l.gone ?? []) gone.add(p);
  }
  return { files, gone };
}

/** The container's own changes: files written (path → content) and paths removed. */
function ownChanges(world: DockerWorld, c: Container): { files: Record<string, string>; gone: string[] } {
  const base = inherited(world, c);
  const files: Record<string, string> = {};
  const stored = Object.hasOwn(world.files, c.id) ? world.files[c.id]! : {};
  for (const [p, text] of Object.entries(stored)) if (!BIND_MOUNTED.has(p) && base.files[p] !== text) files[p] = text;
  const gone = Object.entries(metasOf(world, c.id))
    .filter(([p, m]) => m.kind === "gone" && !base.gone.has(p))
    .map(([p]) => p);
  return { files, gone };
}

/** nginx creates its temp directories as it starts: each is changed in the layer, as are their parents. */
const NGINX_TEMP = ["body", "fastcgi", "proxy", "scgi", "uwsgi"].map((d) => `/var/lib/nginx/${d}`);

function parents(path: string): string[] {
  const out: string[] = [];
  for (let p = path.slice(0, path.lastIndexOf("/")); p !== ""; p = p.slice(0, p.lastIndexOf("/"))) out.push(p);
  return out;
}

/** `docker diff`: A (added), C (changed: a directory something in it changed), D (deleted), by path. */
export function diffLines(world: DockerWorld, c: Container): string[] {
  const spec = containerImage(c);
  const disk = spec?.machine.disk;
  const inImage = (p: string) => disk !== undefined && Object.hasOwn(disk.entries, p);
  const marks = new Map<string, string>();
  const mark = (p: string, m: string) => {
    if (!marks.has(p) || m !== "C") marks.set(p, m);
    for (const d of parents(p)) if (!marks.has(d)) marks.set(d, "C");
  };
  const ran = c.startedAt > 0;
  if (ran && spec?.server?.program === "nginx" && c.cmd[0] === spec.server.process) {
    for (const d of NGINX_TEMP) mark(d, "C");
    mark("/var/run", "C");
    // nginx removes its pid file on a clean exit; a SIGKILL leaves it.
    if (c.status === "running" || c.exitCode === 137) mark("/var/run/nginx.pid", "A");
  }
  const own = ownChanges(world, c);
  for (const p of Object.keys(own.files)) mark(p, inImage(p) ? "C" : "A");
  for (const p of own.gone) mark(p, "D");
  return [...marks.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([p, m]) => `${m} ${p}`);
}

/** `docker commit`: a new image of the container's image plus its own changes; returns its id. */
export function commitContainer<W extends DockerWorld>(
  world: W,
  c: Container,
  repoTag: string | undefined,
): { world: W; id: string } {
  const [hex, w0] = newId(world);
  const id = `sha256:${hex}`;
  const from = localImages(w0.docker).find((i) => i.id === c.imageId);
  const own = ownChanges(w0, c);
  const size = Object.values(own.files).reduce((n, t) => n + byteLength(t), pidFileBytes(c));
  const layer: ImageLayer = {
    createdBy: c.cmd.join(" "),
    created: w0.clock,
    size,
    comment: "",
    files: own.files,
    gone: own.gone,
    source: c.id,
  };
  const base = from?.base ?? containerImage(c)?.id ?? c.imageId ?? "";
  return { world: addImage(w0, { id, base, layers: [...(from?.layers ?? []), layer] }, repoTag), id };
}

/** Stores a derived image, moving `repoTag` to it from any image that had it. */
export function addImage<W extends DockerWorld>(
  world: W,
  img: {
    readonly id: string;
    readonly base?: string;
    readonly layers?: readonly ImageLayer[];
    readonly created?: number;
    readonly imported?: boolean;
  },
  repoTag: string | undefined,
): W {
  const rest = localImages(world.docker).map((i) =>
    repoTag !== undefined && i.repoTags.includes(repoTag)
      ? { ...i, repoTags: i.repoTags.filter((t) => t !== repoTag) }
      : i,
  );
  const existing = rest.find((i) => i.id === img.id);
  const tags = repoTag === undefined ? [] : [repoTag];
  const next: LocalImage = existing
    ? { ...existing, repoTags: [...existing.repoTags, ...tags] }
    : {
        id: img.id,
        repoTags: tags,
        repoDigests: [],
        created: img.created ?? world.clock,
        ...(img.imported ? { imported: true } : {}),
        ...(img.base !== undefined && img.base !== img.id ? { base: img.base } : {}),
        ...(img.layers && img.layers.length > 0 ? { layers: img.layers } : {}),
      };
  const images = [next, ...rest.filter((i) => i.id !== img.id)];
  return { ...world, docker: { ...world.docker, images } };
}
