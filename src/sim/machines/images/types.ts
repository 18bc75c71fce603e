/** An image as data: its config (what `docker inspect` shows), what is installed in it, and what its default command starts. */
import type { MachineSpec } from "../types.ts";

/** A server an image's default command starts: which program answers, and the sockets it listens on. */
export interface ImageServer {
  /** The program that answers (programs/): today only nginx. */
  readonly program: "nginx";
  /** The process name `ss -p` shows, and the command word that starts it (`nginx -g 'daemon off;'`). */
  readonly process: string;
  readonly listens: readonly { readonly proto: "tcp" | "udp"; readonly addr: string; readonly port: number }[];
  /** Whether the program started with this argv serves, rather than printing and exiting (`nginx -v`). */
  serves(argv: readonly string[]): boolean;
  /** Its exit status when dockerd stops it with SIGTERM (nginx shuts down cleanly: 0). */
  readonly termExit: number;
  /**
   * How it fails when another process holds its port: it tries `tries` times `waitMs`
   * apart, writing `lines` (from the time of its first try), then exits with status 1.
   */
  readonly bindFailure: {
    readonly tries: number;
    readonly waitMs: number;
    lines(from: number, pid: number): string[];
  };
}

export interface ImageSpec {
  readonly repository: string;
  readonly tag: string;
  /** sha256:… (64 hex). */
  readonly id: string;
  readonly cmd: readonly string[];
  readonly entrypoint: readonly string[];
  readonly exposed: readonly string[];
  readonly size: string;
  /** Bytes, as `docker image inspect` and `docker system df` count them. */
  readonly sizeBytes: number;
  /** What the lab's registry serves for it (docker/images.ts): its manifest's digest and its layers' digests. */
  readonly registry: { readonly digest: string; readonly layers: readonly string[] };
  /** Its shell and the programs on its PATH (what `docker exec` can start, what its shell finds). */
  readonly machine: MachineSpec;
  /** Whether the image's default command keeps running (a server) or exits at once. */
  readonly longRunning: boolean;
  /** The server its default command runs, if any. */
  readonly server?: ImageServer;
}
