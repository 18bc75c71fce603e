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
  machine: {
    description: "Alpine Linux",
    shell: "sh",
    programs: { ...provides("busybox", BUSYBOX_APPLETS), ...provides("apk-tools", ["apk"]) },
    busyboxStandalone: false,
    workdir: "/",
  },
  longRunning: false,
};
