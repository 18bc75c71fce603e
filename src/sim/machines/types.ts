/**
 * A machine as data: which shell a terminal on it runs and which programs are
 * installed, each with the package that provides it (the package decides how the
 * program words its output: iproute2's `ip` or busybox's). The shell looks here,
 * and only here, to decide between running a command and "command not found".
 */

import type { DiskSpec } from "./disk.ts";

/** The login shell: bash, or busybox's sh (ash), which word a missing command differently. */
export type ShellKind = "bash" | "sh";

/** A Debian (or busybox) package name, as the lab models its programs: `iproute2`, `busybox`, `coreutils`, ... */
export type PackageName = string;

export interface MachineSpec {
  /** In a few words, what the machine is. */
  readonly description: string;
  /** What a terminal attached to the machine runs. */
  readonly shell: ShellKind;
  /** The programs on PATH, by name, with the package each comes from. */
  readonly programs: Readonly<Record<string, PackageName>>;
  /**
   * Whether busybox's sh runs any busybox applet by name even without a link on
   * PATH (FEATURE_SH_STANDALONE, as in Debian's busybox): the oracle's nginx image
   * links only a few applets, yet `sh -c whoami` works there.
   */
  readonly busyboxStandalone: boolean;
  /** The directory a shell starts in: root's home, or `/` where `docker exec` starts. */
  readonly workdir: string;
  /** What its disk holds (`ls /`); a small image's usual directories when absent. */
  readonly disk?: DiskSpec;
  /** Link types its kernel has no module for: making one fails with EOPNOTSUPP. */
  readonly missingLinkKinds?: readonly string[];
}

/** Each of `names`, provided by `pkg`. */
export function provides(pkg: PackageName, names: readonly string[]): Record<string, PackageName> {
  return Object.fromEntries(names.map((n) => [n, pkg]));
}
