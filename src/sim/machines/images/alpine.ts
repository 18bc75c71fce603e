/** The `alpine` image the lab offers: busybox's applets linked in /bin and /usr/bin (ash as sh), apk, no bash or curl. */
import { BUSYBOX_APPLETS } from "../packages.ts";
import { provides } from "../types.ts";
import type { ImageSpec } from "./types.ts";

export const ALPINE: ImageSpec = {
  repository: "alpine",
  tag: "latest",
  id: "sha256:05455a08881ea9cf0e752bc48e61bbd71a34c029bb13df01e40e3e70e0d007bd",
  cmd: ["/bin/sh"],
  entrypoint: [],
  exposed: [],
  size: "7.8MB",
  sizeBytes: 7797760,
  registry: {
    digest: "sha256:56fa17d2a7e7f168a043a2712e63aed1f8543aeafdcee47c58dcffe38ed51099",
    layers: ["sha256:fe07684b16b82247c3539ed86a65ff37a76138ec25d380bd80c869a1a4c73236"],
  },
  machine: {
    description: "Alpine Linux",
    shell: "sh",
    programs: { ...provides("busybox", BUSYBOX_APPLETS), ...provides("apk-tools", ["apk"]) },
    busyboxStandalone: false,
    workdir: "/",
  },
  longRunning: false,
};
