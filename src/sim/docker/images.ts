/**
 * The images the offline lab has locally. `nginx` is the oracle's image (Debian's
 * nginx set up as the official one: CMD `nginx -g 'daemon off;'`, EXPOSE 80/tcp,
 * busybox tools, curl and bash). busybox, alpine and ubuntu are extra images the
 * lab offers (the oracle has only nginx): a shell, no listener. Any other image
 * fails as a pull does on a host without internet access.
 */
export interface ImageSpec {
  readonly repository: string;
  readonly tag: string;
  /** sha256:… (64 hex). */
  readonly id: string;
  readonly cmd: readonly string[];
  readonly entrypoint: readonly string[];
  readonly exposed: readonly string[];
  readonly size: string;
  /** Commands present in the image (what `docker exec` can start). */
  readonly binaries: readonly string[];
  /** Whether the image's default command keeps running (a server) or exits at once. */
  readonly longRunning: boolean;
}

const BUSYBOX_TOOLS = [
  "sh",
  "ls",
  "cat",
  "ip",
  "ifconfig",
  "wget",
  "nc",
  "route",
  "ping",
  "echo",
  "sleep",
  "hostname",
  "netstat",
  "ps",
];

export const IMAGES: readonly ImageSpec[] = [
  {
    repository: "nginx",
    tag: "latest",
    id: "sha256:3783495fa2e341d19a8d6413d59339724e77d1f8c6fd202a5db7d587a2699417",
    cmd: ["nginx", "-g", "daemon off;"],
    entrypoint: [],
    exposed: ["80/tcp"],
    size: "24.7MB",
    binaries: [...BUSYBOX_TOOLS, "curl", "bash", "nginx"],
    longRunning: true,
  },
  {
    repository: "busybox",
    tag: "latest",
    id: "sha256:65ad0d468eb1c558bf7f4e64e790f586e9eda649ee9f130cd0e835b292bbc5ac",
    cmd: ["sh"],
    entrypoint: [],
    exposed: [],
    size: "4.26MB",
    binaries: [...BUSYBOX_TOOLS, "true", "false", "grep", "wc", "head", "tail"],
    longRunning: false,
  },
  {
    repository: "alpine",
    tag: "latest",
    id: "sha256:05455a08881ea9cf0e752bc48e61bbd71a34c029bb13df01e40e3e70e0d007bd",
    cmd: ["/bin/sh"],
    entrypoint: [],
    exposed: [],
    size: "7.8MB",
    binaries: [...BUSYBOX_TOOLS, "true", "false", "grep", "wc", "head", "tail"],
    longRunning: false,
  },
  {
    repository: "ubuntu",
    tag: "latest",
    id: "sha256:35a88802559dd2077e584394471ddaa1a2c5bfd16893b829ea57619301eb3908",
    cmd: ["/bin/bash"],
    entrypoint: [],
    exposed: [],
    size: "78.1MB",
    binaries: ["bash", "sh", "ls", "cat", "echo", "sleep", "hostname", "true", "false", "grep", "wc", "head", "tail"],
    longRunning: false,
  },
];

/** `nginx`, `nginx:latest`, `docker.io/library/nginx:latest` → the image, if local. */
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
