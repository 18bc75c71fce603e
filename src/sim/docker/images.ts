/**
 * The daemon's image store, as world state: which images are local, under which
 * tags, since when. A fresh host holds what the oracle's holds, nginx:latest alone
 * (imported as the oracle's engine starts, so it was created at the world's first
 * instant); the lab's registry serves the catalogue (machines/images/: nginx,
 * busybox, alpine, ubuntu), so `docker pull busybox` (or the implicit pull of
 * `docker run busybox`) makes busybox local as on a host that reaches Docker Hub,
 * and `docker rmi` takes images away again. The images' contents (their programs,
 * their disk) stay in the catalogue: a local image names a catalogue entry by id.
 */
import { EPOCH_MS } from "../kernel/clock.ts";
import { IMAGES } from "../machines/images/index.ts";
import type { ImageSpec } from "../machines/images/types.ts";
import type { Container, DockerState, DockerWorld, ImageLayer, LocalImage } from "./types.ts";

/** When the registry's images were built (their `Created`): weeks before the world's first instant. */
const BUILT: Readonly<Record<string, number>> = {
  busybox: Date.UTC(2026, 9, 2, 17, 45, 11),
  alpine: Date.UTC(2026, 9, 8, 9, 12, 40),
  ubuntu: Date.UTC(2026, 9, 13, 6, 30, 2),
  nginx: Date.UTC(2026, 10, 3, 21, 4, 55),
};

/** The oracle's store: nginx, imported (no repo digest) as its engine came up. */
const INITIAL: readonly LocalImage[] = [
  { id: IMAGES[0]!.id, repoTags: ["nginx:latest"], repoDigests: [], created: EPOCH_MS, imported: true },
];

export function localImages(d: DockerState): readonly LocalImage[] {
  return d.images ?? INITIAL;
}

function withImages<W extends DockerWorld>(world: W, images: readonly LocalImage[]): W {
  return { ...world, docker: { ...world.docker, images } };
}

/** `busybox`, `busybox:1`, `docker.io/library/busybox` → `{ repo: "busybox", tag }`; undefined when it is not a name. */
export function parseRef(ref: string): { readonly repo: string; readonly tag: string } | undefined {
  let name = ref.replace(/^docker\.io\//, "").replace(/^library\//, "");
  let tag = "latest";
  const colon = name.lastIndexOf(":");
  if (colon > 0 && !name.slice(colon).includes("/")) {
    tag = name.slice(colon + 1);
    name = name.slice(0, colon);
  }
  if (!/^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/.test(name)) return undefined;
  if (!/^[\w][\w.-]{0,127}$/.test(tag)) return undefined;
  return { repo: name, tag };
}

/** The daemon's lookup of an image reference: a tag first, then a (prefix of an) id. */
export function resolveImage(d: DockerState, ref: string): LocalImage | undefined {
  const images = localImages(d);
  const p = parseRef(ref);
  if (p) {
    const tagged = images.find((i) => i.repoTags.includes(`${p.repo}:${p.tag}`));
    if (tagged) return tagged;
  }
  const hex = ref.replace(/^sha256:/, "");
  if (/^[0-9a-f]{1,64}$/.test(hex)) {
    const hits = images.filter((i) => i.id.slice(7).startsWith(hex));
    if (hits.length === 1) return hits[0];
  }
  return undefined;
}

/** The catalogue entry (contents, config) behind a local image. */
export function specOf(img: LocalImage): ImageSpec {
  return IMAGES.find((i) => i.id === (img.base ?? img.id)) ?? IMAGES[0]!;
}

/** The containers (any state) created from this image. */
export function containersOf(d: DockerState, img: LocalImage): Container[] {
  return d.containers.filter((c) => resolveContainerImage(d, c) === img.id);
}

/** The id of the image a container was made from (the catalogue's: a container keeps its image's id). */
export function resolveContainerImage(d: DockerState, c: Container): string {
  return c.imageId ?? resolveImage(d, c.image)?.id ?? IMAGES.find((i) => i.repository === c.image)?.id ?? "";
}

/** The registry's image for a name, when the lab's registry has it. */
export function registryImage(ref: string): ImageSpec | undefined {
  const p = parseRef(ref);
  return p ? IMAGES.find((i) => i.repository === p.repo && i.tag === p.tag) : undefined;
}

/** How long a download takes on the lab's clock: about a second, and a little more per megabyte. */
const PULL_MS = 1000;

export interface Pulled<W> {
  readonly world: W;
  /** The jsonmessage stream's lines as a terminal ends up showing them (tty) or as they come (not a tty). */
  readonly lines: readonly string[];
  /** `Status: ...`: whether anything was downloaded. */
  readonly upToDate: boolean;
}

/** Pulls `ref` from the lab's registry (the caller checked `registryImage`). */
export function pullImage<W extends DockerWorld>(world: W, ref: string, tty: boolean): Pulled<W> {
  const spec = registryImage(ref)!;
  const { repo, tag } = parseRef(ref)!;
  const name = `${repo}:${tag}`;
  const path = repo.includes("/") ? repo : `library/${repo}`;
  const digest = `${repo}@${spec.registry.digest}`;
  const images = localImages(world.docker);
  const same = images.find((i) => i.id === spec.id);
  const lines = [`${tag}: Pulling from ${path}`];
  if (same?.repoTags.includes(name)) {
    const img = { ...same, repoDigests: same.repoDigests.includes(digest) ? same.repoDigests : [digest] };
    const w = withImages(
      world,
      images.map((i) => (i === same ? img : i)),
    );
    return {
      world: { ...w, clock: w.clock + 300 },
      lines: [...lines, `Digest: ${spec.registry.digest}`, `Status: Image is up to date for ${name}`],
      upToDate: true,
    };
  }
  for (const l of spec.registry.layers) {
    const short = l.slice(7, 19);
    if (!tty) lines.push(`${short}: Pulling fs layer`, `${short}: Verifying Checksum`, `${short}: Download complete`);
    lines.push(`${short}: Pull complete`);
  }
  lines.push(`Digest: ${spec.registry.digest}`, `Status: Downloaded newer image for ${name}`);
  // The tag moves to the pulled image: an older image keeping no other tag is left dangling.
  const rest = images
    .map((i) => (i.repoTags.includes(name) ? { ...i, repoTags: i.repoTags.filter((t) => t !== name) } : i))
    .filter((i) => i.id !== spec.id);
  const img: LocalImage = same
    ? { ...same, repoTags: [...same.repoTags, name], repoDigests: [digest] }
    : { id: spec.id, repoTags: [name], repoDigests: [digest], created: BUILT[repo] ?? EPOCH_MS - 21 * 86_400_000 };
  const ms = PULL_MS + Math.round(spec.sizeBytes / 10_000);
  const w = withImages(world, [img, ...rest]);
  return { world: { ...w, clock: w.clock + ms }, lines, upToDate: false };
}

export type RemoveResult<W> =
  | { readonly ok: true; readonly world: W; readonly lines: readonly string[] }
  | { readonly ok: false; readonly world: W; readonly error: string };

/** `docker rmi [-f] REF`, as the daemon's ImageDelete answers one reference. */
export function removeImage<W extends DockerWorld>(world: W, ref: string, force: boolean): RemoveResult<W> {
  const d = world.docker;
  const img = resolveImage(d, ref);
  const p = parseRef(ref);
  if (!img) {
    const named = p ? `${p.repo}:${p.tag}` : ref;
    return { ok: false, world, error: `No such image: ${ref.includes(":") || !p ? ref : named}` };
  }
  const short = img.id.slice(7, 19);
  const users = containersOf(d, img);
  const byTag = p !== undefined && img.repoTags.includes(`${p.repo}:${p.tag}`);
  const lines: string[] = [];
  let kept = img;
  if (byTag) {
    const tag = `${p.repo}:${p.tag}`;
    if (!force && img.repoTags.length === 1 && users.length > 0) {
      return {
        ok: false,
        world,
        error: `conflict: unable to remove repository reference "${ref}" (must force) - container ${users[0]!.id.slice(0, 12)} is using its referenced image ${short}`,
      };
    }
    lines.push(`Untagged: ${tag}`);
    const repoTags = img.repoTags.filter((t) => t !== tag);
    const repoDigests = repoTags.some((t) => t.startsWith(`${p.repo}:`))
      ? img.repoDigests
      : img.repoDigests.filter((x) => !x.startsWith(`${p.repo}@`));
    for (const x of img.repoDigests) if (!repoDigests.includes(x)) lines.push(`Untagged: ${x}`);
    kept = { ...img, repoTags, repoDigests };
    if (repoTags.length > 0 || users.length > 0) return { ok: true, world: replace(world, img, kept), lines };
  } else {
    const running = users.find((c) => c.status === "running");
    if (running || (users.length > 0 && !force)) {
      const why = running
        ? `(cannot be forced) - image is being used by running container ${running.id.slice(0, 12)}`
        : `(must be forced) - image is being used by stopped container ${users[0]!.id.slice(0, 12)}`;
      return { ok: false, world, error: `conflict: unable to delete ${short} ${why}` };
    }
    if (img.repoTags.length > 1 && !force) {
      return {
        ok: false,
        world,
        error: `conflict: unable to delete ${short} (must be forced) - image is referenced in multiple repositories`,
      };
    }
    for (const t of img.repoTags) lines.push(`Untagged: ${t}`);
    for (const x of img.repoDigests) lines.push(`Untagged: ${x}`);
    if (users.length > 0)
      return { ok: true, world: replace(world, img, { ...img, repoTags: [], repoDigests: [] }), lines };
  }
  lines.push(`Deleted: ${img.id}`);
  for (const l of layerChain(
    img,
    localImages(world.docker).filter((i) => i !== img),
  ))
    lines.push(`Deleted: ${l}`);
  return { ok: true, world: replace(world, img, undefined), lines };
}

function replace<W extends DockerWorld>(world: W, img: LocalImage, next: LocalImage | undefined): W {
  return withImages(
    world,
    localImages(world.docker).flatMap((i) => (i === img ? (next ? [next] : []) : [i])),
  );
}

/**
 * The layers' chain ids the daemon deletes with the image (deterministic stand-ins for the
 * store's): a commit's or build's own layers that wrote files and that no other image
 * holds; the base's stay with the base.
 */
function layerChain(img: LocalImage, others: readonly LocalImage[]): string[] {
  if (img.base !== undefined) {
    const held = new Set(others.flatMap((o) => layersOf(o).map((l) => l.key)));
    return (img.layers ?? [])
      .filter((l) => !l.empty)
      .map((l, i) => ({ l, i }))
      .filter(({ l }) => !held.has(layerKey(l)))
      .map(({ i }) => `sha256:${[...img.id.slice(7)].reverse().join("").slice(i) + img.id.slice(7, 7 + i)}`);
  }
  return specOf(img).registry.layers.map((l) => `sha256:${[...l.slice(7)].reverse().join("")}`);
}

/** go-units HumanSizeWithPrecision: decimal units, `precision` significant digits (`24.7MB`, `1.04kB`). */
export function humanSize(bytes: number, precision = 4): string {
  const units = ["B", "kB", "MB", "GB", "TB", "PB"];
  let size = bytes;
  let i = 0;
  while (size >= 1000 && i < units.length - 1) {
    size /= 1000;
    i++;
  }
  return `${Number(size.toPrecision(precision))}${units[i]}`;
}

/** go-units BytesSize: binary units, four significant digits (`2.246MiB`, `23.54GiB`). */
export function bytesSize(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
  let size = bytes;
  let i = 0;
  while (size >= 1024 && i < units.length - 1) {
    size /= 1024;
    i++;
  }
  return `${Number(size.toPrecision(4))}${units[i]}`;
}

/**
 * A layer's identity across images, as its digest would be: a derived image repeats its
 * parent's layers, and a commit's layer is its container's changes (see ImageLayer.source).
 */
function layerKey(l: ImageLayer): string {
  if (l.source === undefined) return `${l.created}|${l.createdBy}|${l.size}`;
  const files = Object.entries(l.files ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([l.source, l.size, files, l.gone ?? []]);
}

function layersOf(img: LocalImage): { key: string; size: number }[] {
  const spec = specOf(img);
  return [
    { key: `base:${spec.id}`, size: spec.sizeBytes },
    ...(img.layers ?? []).filter((l) => !l.empty).map((l) => ({ key: layerKey(l), size: l.size })),
  ];
}

/**
 * What `system df` counts: each image's size and the part of it in layers another image
 * also has (SharedSize), and the layers' total, each layer once (the daemon's LayersSize).
 */
export function imageUsage(d: DockerState): {
  readonly of: (img: LocalImage) => { readonly size: number; readonly shared: number };
  readonly layersSize: number;
} {
  const images = localImages(d);
  const holders = new Map<string, number>();
  const sizes = new Map<string, number>();
  for (const img of images)
    for (const l of layersOf(img)) {
      holders.set(l.key, (holders.get(l.key) ?? 0) + 1);
      sizes.set(l.key, l.size);
    }
  let layersSize = 0;
  for (const s of sizes.values()) layersSize += s;
  return {
    layersSize,
    of: (img) => {
      const ls = layersOf(img);
      return {
        size: ls.reduce((n, l) => n + l.size, 0),
        shared: ls.reduce((n, l) => n + ((holders.get(l.key) ?? 0) > 1 ? l.size : 0), 0),
      };
    },
  };
}
