/**
 * The resource limits a shell starts with on the lab's machines, in the order and words of
 * bash 5.2's ulimit.def table (Linux). The values are those of a root shell on a Debian 12
 * host with 8 GB (systemd's 1024 soft / 524288 hard open files; 8 MB stacks), which a
 * container's processes inherit from containerd as Docker 25+ installs it.
 */

export interface Limit {
  readonly opt: string;
  readonly desc: string;
  /** bash's unit word, shown in `ulimit -a`. */
  readonly units?: string;
  /** What bash divides the kernel's value by to show it (and multiplies a given one by). */
  readonly factor: number;
  readonly soft: number | "unlimited";
  readonly hard: number | "unlimited";
}

const U = "unlimited" as const;

export const LIMITS: readonly Limit[] = [
  { opt: "R", desc: "real-time non-blocking time", units: "microseconds", factor: 1, soft: U, hard: U },
  { opt: "c", desc: "core file size", units: "blocks", factor: 512, soft: 0, hard: U },
  { opt: "d", desc: "data seg size", units: "kbytes", factor: 1024, soft: U, hard: U },
  { opt: "e", desc: "scheduling priority", factor: 1, soft: 0, hard: 0 },
  { opt: "f", desc: "file size", units: "blocks", factor: 512, soft: U, hard: U },
  { opt: "i", desc: "pending signals", factor: 1, soft: 31503, hard: 31503 },
  { opt: "l", desc: "max locked memory", units: "kbytes", factor: 1024, soft: 8192 * 1024, hard: 8192 * 1024 },
  { opt: "m", desc: "max memory size", units: "kbytes", factor: 1024, soft: U, hard: U },
  { opt: "n", desc: "open files", factor: 1, soft: 1024, hard: 524288 },
  { opt: "p", desc: "pipe size", units: "512 bytes", factor: 512, soft: 4096, hard: 4096 },
  { opt: "q", desc: "POSIX message queues", units: "bytes", factor: 1, soft: 819200, hard: 819200 },
  { opt: "r", desc: "real-time priority", factor: 1, soft: 0, hard: 0 },
  { opt: "s", desc: "stack size", units: "kbytes", factor: 1024, soft: 8192 * 1024, hard: U },
  { opt: "t", desc: "cpu time", units: "seconds", factor: 1, soft: U, hard: U },
  { opt: "u", desc: "max user processes", factor: 1, soft: 31503, hard: 31503 },
  { opt: "v", desc: "virtual memory", units: "kbytes", factor: 1024, soft: U, hard: U },
  { opt: "x", desc: "file locks", factor: 1, soft: U, hard: U },
];
