/** HostConfig's resource fields as the daemon prints them, and the limits `docker run` set among them. */
import type { Container } from "./types.ts";

/** `--memory` (swap twice it, as the daemon defaults) and `--cpus`, in their places in HostConfig. */
export function limitsJson(c: Container): { Memory?: number; NanoCpus?: number; MemorySwap?: number } {
  const s = c.settings;
  return {
    ...(s?.memory !== undefined ? { Memory: s.memory, MemorySwap: s.memory * 2 } : {}),
    ...(s?.nanoCpus !== undefined ? { NanoCpus: s.nanoCpus } : {}),
  };
}

/** The HostConfig fields a plain `docker run` leaves at their defaults, in the API's order. */
export const HOST_CONFIG_TAIL = {
  Isolation: "",
  CpuShares: 0,
  Memory: 0,
  NanoCpus: 0,
  CgroupParent: "",
  BlkioWeight: 0,
  BlkioWeightDevice: [],
  BlkioDeviceReadBps: [],
  BlkioDeviceWriteBps: [],
  BlkioDeviceReadIOps: [],
  BlkioDeviceWriteIOps: [],
  CpuPeriod: 0,
  CpuQuota: 0,
  CpuRealtimePeriod: 0,
  CpuRealtimeRuntime: 0,
  CpusetCpus: "",
  CpusetMems: "",
  Devices: [],
  DeviceCgroupRules: null,
  DeviceRequests: null,
  MemoryReservation: 0,
  MemorySwap: 0,
  MemorySwappiness: null,
  OomKillDisable: false,
  PidsLimit: null,
  Ulimits: [],
  CpuCount: 0,
  CpuPercent: 0,
  IOMaximumIOps: 0,
  IOMaximumBandwidth: 0,
  // Its place: `--mount`'s list comes here when there is one (omitted when empty).
  Mounts: undefined,
  MaskedPaths: [
    "/proc/asound",
    "/proc/acpi",
    "/proc/kcore",
    "/proc/keys",
    "/proc/latency_stats",
    "/proc/timer_list",
    "/proc/timer_stats",
    "/proc/sched_debug",
    "/proc/scsi",
    "/sys/firmware",
    "/sys/devices/virtual/powercap",
  ],
  ReadonlyPaths: ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"],
} as const;
