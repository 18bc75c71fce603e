/** The `busybox` image the lab offers beside the oracle's nginx: every applet linked in /bin, sh as its command. */
import { BUSYBOX_APPLETS } from "../packages.ts";
import { provides } from "../types.ts";
import type { ImageSpec } from "./types.ts";

export const BUSYBOX: ImageSpec = {
  repository: "busybox",
  tag: "latest",
  id: "sha256:65ad0d468eb1c558bf7f4e64e790f586e9eda649ee9f130cd0e835b292bbc5ac",
  cmd: ["sh"],
  entrypoint: [],
  exposed: [],
  size: "4.26MB",
  machine: {
    description: "busybox",
    shell: "sh",
    programs: provides("busybox", BUSYBOX_APPLETS),
    busyboxStandalone: false,
    workdir: "/",
  },
  longRunning: false,
};
