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
  sizeBytes: 4261550,
  registry: {
    digest: "sha256:768e5c6f5cb6db0794eec98dc7a967f40631746c32232b78a3105fb946f3ab83",
    layers: ["sha256:a46fbb00284b2b44e5fbb38f2abc4f1fc16e4ca5bb75f6e44c0ba10b73b2e94b"],
  },
  machine: {
    description: "busybox",
    shell: "sh",
    programs: provides("busybox", BUSYBOX_APPLETS),
    busyboxStandalone: false,
    workdir: "/",
  },
  longRunning: false,
};
