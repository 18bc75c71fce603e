/**
 * What `docker run` records beyond the common flags, as plain data: its settings, the
 * mounts and volumes (volumes.ts), health checks (health.ts) and legacy links.
 */

/** `docker run`'s less common settings, kept as the daemon stores them. */
export interface RunSettings {
  /** `--domainname`: Config.Domainname, and the FQDN in /etc/hosts. */
  readonly domainname?: string;
  /** `--mac-address`: the MAC of the endpoint on the network `--network` names. */
  readonly macAddress?: string;
  /** `--sysctl`: set in the container's own namespace as it starts. */
  readonly sysctls?: Readonly<Record<string, string>>;
  /** `--cap-add` / `--cap-drop` as given, and `--privileged`. */
  readonly capAdd?: readonly string[];
  readonly capDrop?: readonly string[];
  readonly privileged?: boolean;
  /** `--read-only`: the container's root file system is mounted read-only. */
  readonly readOnly?: boolean;
  /** `--tmpfs PATH[:OPTS]` as typed: HostConfig.Tmpfs. */
  readonly tmpfs?: readonly string[];
  /** `--volumes-from NAME[:ro|rw]` as typed: HostConfig.VolumesFrom. */
  readonly volumesFrom?: readonly string[];
  /**
   * Config.Env, NAME=VALUE: the image's environment beyond PATH (`ENV` in a build), then
   * `-e`/`--env-file` in the CLI's order, a name given again replacing the image's.
   */
  readonly env?: readonly string[];
  /** `--label`: Config.Labels. */
  readonly labels?: Readonly<Record<string, string>>;
  /** `--memory` in bytes and `--cpus` in billionths: HostConfig.Memory (MemorySwap twice it) and NanoCpus. */
  readonly memory?: number;
  readonly nanoCpus?: number;
  /** `--log-driver`: HostConfig.LogConfig.Type. */
  readonly logDriver?: string;
  /** `--stop-timeout`: Config.StopTimeout. */
  readonly stopTimeout?: number;
  /** `--health-cmd` and its timings (ms). */
  readonly health?: HealthConfig;
  /** `-w`: Config.WorkingDir, where the container's processes start. */
  readonly workdir?: string;
  /** `--init`: docker-init (tini) runs as PID 1 and starts the command as its child. */
  readonly init?: boolean;
  /** `--link NAME[:ALIAS]`: the linked container's name and the alias (its name when none was given). */
  readonly links?: readonly ContainerLink[];
}

export interface Volume {
  readonly name: string;
  /** ms since the epoch. */
  readonly created: number;
  /** Made for a `-v /path` with no name: `docker rm -v` and `--rm` remove it with its container. */
  readonly anonymous: boolean;
}

/** A mount as the container was created with it: what inspect's Mounts shows. */
export interface ContainerMount {
  readonly type: "bind" | "volume";
  /** A volume made for `-v /PATH` (Config.Volumes); `docker rm -v` and `--rm` take it. */
  readonly anonymous?: boolean;
  /** The volume's name. */
  readonly name?: string;
  /** The host's directory. */
  readonly source: string;
  readonly destination: string;
  /** `ro`, `z`, … as the -v spec gave them (a volume's default is `z`), "" for --mount. */
  readonly mode: string;
  readonly rw: boolean;
  /** `-v SRC:DST[:MODE]` as typed, for HostConfig.Binds. */
  readonly bind?: string;
  /** `--mount`'s fields, for HostConfig.Mounts. */
  readonly spec?: MountFlag;
}

/** What `--mount` asked for, as HostConfig.Mounts keeps it. */
export interface MountFlag {
  readonly type: "bind" | "volume";
  readonly source?: string;
  readonly target: string;
  readonly readOnly: boolean;
}

export interface HealthConfig {
  readonly cmd: string;
  readonly interval?: number;
  readonly timeout?: number;
  readonly startPeriod?: number;
  readonly retries?: number;
}

/** What the health checks found so far (docker/health.ts). */
export interface HealthState {
  readonly status: "starting" | "healthy" | "unhealthy";
  readonly failingStreak: number;
  /** Checks accounted for since the container started. */
  readonly checks: number;
}

export interface ContainerLink {
  readonly name: string;
  readonly alias: string;
}
