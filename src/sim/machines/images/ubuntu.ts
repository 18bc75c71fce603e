/** The `ubuntu` image the lab offers: a minimal Ubuntu (bash, coreutils, grep, hostname), without iproute2, ping, curl or procps. */
import { COREUTILS } from "../packages.ts";
import { provides } from "../types.ts";
import type { ImageSpec } from "./types.ts";

export const UBUNTU: ImageSpec = {
  repository: "ubuntu",
  tag: "latest",
  id: "sha256:35a88802559dd2077e584394471ddaa1a2c5bfd16893b829ea57619301eb3908",
  cmd: ["/bin/bash"],
  entrypoint: [],
  exposed: [],
  size: "78.1MB",
  sizeBytes: 78111256,
  registry: {
    digest: "sha256:3f85b7caad41a95462cf5b787d8a04604c8262cdcdf9a472b8c52ef83375fe15",
    layers: ["sha256:2726e237d1a374379e783053d93d0345c5a3bd1d9f2d9f5b4a87ff8c0fbf4c09"],
  },
  machine: {
    description: "Ubuntu",
    shell: "bash",
    programs: {
      ...provides("coreutils", COREUTILS),
      ...provides("bash", ["bash"]),
      ...provides("dash", ["sh"]),
      ...provides("grep", ["grep", "egrep", "fgrep"]),
      ...provides("sed", ["sed"]),
      ...provides("hostname", ["hostname"]),
    },
    busyboxStandalone: false,
    workdir: "/",
  },
  longRunning: false,
};
