/**
 * The oracle's `nginx` image (docker-oracle's build_image): Debian's nginx 1.22.1 set
 * up as the official image is (CMD `nginx -g 'daemon off;'`, EXPOSE 80/tcp, the
 * default server on :80 and [::]:80), with curl, bash, and busybox linked as sh ls
 * cat ip ifconfig wget nc route ping echo sleep hostname netstat ps. Its busybox
 * runs the other applets from sh too (Debian's build is standalone).
 */
import { NGINX_DISK } from "../disk.ts";
import { provides } from "../types.ts";
import type { ImageSpec } from "./types.ts";

export const NGINX: ImageSpec = {
  repository: "nginx",
  tag: "latest",
  id: "sha256:3783495fa2e341d19a8d6413d59339724e77d1f8c6fd202a5db7d587a2699417",
  cmd: ["nginx", "-g", "daemon off;"],
  entrypoint: [],
  exposed: ["80/tcp"],
  size: "24.7MB",
  machine: {
    description: "the oracle's nginx image",
    // root's login shell in its /etc/passwd.
    shell: "bash",
    programs: {
      ...provides("busybox", [
        "sh", "ls", "cat", "ip", "ifconfig", "wget", "nc", "route", "ping", "echo", "sleep", "hostname", "netstat", "ps",
      ]),
      ...provides("curl", ["curl"]),
      ...provides("bash", ["bash"]),
      ...provides("nginx", ["nginx"]),
    }, // prettier-ignore
    busyboxStandalone: true,
    workdir: "/",
    disk: NGINX_DISK,
  },
  longRunning: true,
  server: {
    program: "nginx",
    process: "nginx",
    listens: [
      { proto: "tcp", addr: "0.0.0.0", port: 80 },
      { proto: "tcp", addr: "::", port: 80 },
    ],
    termExit: 0,
  },
};
