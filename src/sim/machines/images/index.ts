/**
 * The images the offline lab has locally, one file each: `nginx` is the oracle's
 * image; busybox, alpine and ubuntu are extra images the lab offers (the oracle
 * has only nginx): a shell, no listener. Any other image fails as a pull does on a
 * host without internet access.
 */
import { ALPINE } from "./alpine.ts";
import { BUSYBOX } from "./busybox.ts";
import { NGINX } from "./nginx.ts";
import type { ImageSpec } from "./types.ts";
import { UBUNTU } from "./ubuntu.ts";

export type { ImageServer, ImageSpec } from "./types.ts";

export const IMAGES: readonly ImageSpec[] = [NGINX, BUSYBOX, ALPINE, UBUNTU];

/** `nginx`, `nginx:latest`, `docker.io/library/nginx:latest` → the image, if local. */
/** The catalogue image a container runs: its `base` when its image is a tag, commit or build of one. */
export function containerImage(c: { readonly image: string; readonly base?: string }): ImageSpec | undefined {
  return c.base !== undefined ? IMAGES.find((i) => i.id === c.base) : findImage(c.image);
}

export function findImage(ref: string): ImageSpec | undefined {
  let name = ref.replace(/^docker\.io\//, "").replace(/^library\//, "");
  let tag = "latest";
  const colon = name.lastIndexOf(":");
  if (colon > 0) {
    tag = name.slice(colon + 1);
    name = name.slice(0, colon);
  }
  return IMAGES.find((i) => i.repository === name && i.tag === tag) ?? IMAGES.find((i) => i.id.slice(7, 19) === ref);
}

/** `nosuch` → `nosuch:latest`, as the pull message names it. */
export function normaliseRef(ref: string): string {
  const last = ref.split("/").pop() ?? ref;
  return last.includes(":") ? ref : `${ref}:latest`;
}
