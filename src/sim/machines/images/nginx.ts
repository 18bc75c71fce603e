/**
 * The oracle's `nginx` image (docker-oracle's build_image): Debian's nginx 1.22.1 set
 * up as the official image is (CMD `nginx -g 'daemon off;'`, EXPOSE 80/tcp, the
 * default server on :80 and [::]:80), with curl, bash, and busybox linked as sh ls
 * cat ip ifconfig wget nc route ping echo sleep hostname netstat ps. Its busybox
 * runs the other applets from sh too (Debian's build is standalone).
 */
import { NGINX_DISK } from "../disk.ts";
import { provides } from "../types.ts";
import { parseNginxArgs } from "./nginx-options.ts";
import type { ImageSpec } from "./types.ts";

const two = (n: number) => String(n).padStart(2, "0");

/** nginx's error-log time: `2026/12/03 19:28:32`. */
function nginxErrorDate(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}/${two(d.getUTCMonth() + 1)}/${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

/** A master that cannot bind :80 tries five times, half a second apart, then gives up. */
const BIND_TRIES = 5;
const BIND_WAIT_MS = 500;

/** What it writes meanwhile: each message to its error log (stderr), and again prefixed `nginx: ` on the console. */
function bindFailureLines(from: number, pid: number): string[] {
  const lines: string[] = [];
  const say = (at: number, text: string) =>
    lines.push(`${nginxErrorDate(at)} [emerg] ${pid}#${pid}: ${text}`, `nginx: [emerg] ${text}`);
  for (let i = 0; i < BIND_TRIES; i++) {
    say(from + i * BIND_WAIT_MS, "bind() to 0.0.0.0:80 failed (98: Address already in use)");
    say(from + i * BIND_WAIT_MS, "bind() to [::]:80 failed (98: Address already in use)");
  }
  say(from + BIND_TRIES * BIND_WAIT_MS, "still could not bind()");
  return lines;
}

/**
 * Whether nginx started with `argv` serves in the foreground: `-v -V -t -T -h -?` print
 * and exit, `-s` signals a master and exits; so does a word it refuses. A master without
 * `daemon off;` (the image's CMD gives it with -g; its nginx.conf does not) forks into
 * the background and the command returns, which ends a container whose main process it was.
 */
function nginxServes(argv: readonly string[]): boolean {
  const o = parseNginxArgs(argv);
  return typeof o !== "string" && !o.version && !o.test && o.signal === undefined && o.daemonOff;
}

export const NGINX: ImageSpec = {
  repository: "nginx",
  tag: "latest",
  id: "sha256:9f306c3f38142037d43fa23c184a7969c159b3dd07e21bc1f412c4c14b89f7c9",
  cmd: ["nginx", "-g", "daemon off;"],
  entrypoint: [],
  exposed: ["80/tcp"],
  size: "24.7MB",
  sizeBytes: 24679740,
  registry: {
    digest: "sha256:5e2b7bcd0b6a61e2a3e4c89a2a6d31f3c4ef0f35b1c6fd1b7a0d27c1fa51e3f2",
    layers: ["sha256:e429fc33eab92962b7724535232d1a0a6f49e940f04a1f749358fe1ac9044dea"],
  },
  machine: {
    description: "the oracle's nginx image",
    // root's login shell in its /etc/passwd.
    shell: "bash",
    programs: {
      ...provides("busybox", [
        "busybox", "sh", "ls", "cat", "ip", "ifconfig", "wget", "nc", "route", "ping", "echo", "sleep", "hostname", "netstat", "ps",
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
    serves: nginxServes,
    termExit: 0,
    bindFailure: { tries: BIND_TRIES, waitMs: BIND_WAIT_MS, lines: bindFailureLines },
  },
};
