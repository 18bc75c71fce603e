/** The nodes of the file tree a session sees (lib/vfs.ts puts them together), and how to make them. */
import type { Netns } from "../../kernel/types.ts";
import type { World } from "../../world.ts";
import type { Session } from "../command.ts";
import { machineOf, type Machine } from "../machine.ts";

export type NodeType = "dir" | "file" | "link" | "chr" | "sock";

export interface VStat {
  readonly type: NodeType;
  /** Permission bits (0o755), sticky bit included. */
  readonly mode: number;
  readonly nlink: number;
  readonly size: number;
  readonly mtime: number;
  /** Which file system: /proc and /sys files are 0 or 4096 bytes whatever they hold. */
  readonly fs: "disk" | "proc" | "sys" | "tmpfs";
  readonly target?: string;
  readonly dev?: readonly [number, number];
}

export type ReadResult = { readonly text: string } | { readonly errno: "EIO" | "EACCES" | "EINVAL" };

export interface VNode {
  readonly stat: VStat;
  /** A directory's names, sorted. */
  readonly list?: () => readonly string[];
  readonly child?: (name: string) => VNode | undefined;
  readonly read?: () => ReadResult;
}

/** Who sees the tree: the files of `fsKey`'s machine, /proc/net of `netns`, /sys of `sysNetns`. */
export interface FsView {
  readonly world: World;
  readonly session: Session;
  readonly machine: Machine;
  readonly fsKey: string;
  readonly netns: string;
  readonly sysNetns: string;
}

export function viewOf(world: World, session: Session): FsView {
  const machine = machineOf(world, session);
  const fsKey = session.mounts ?? session.machine;
  return { world, session, machine, fsKey, netns: session.machine, sysNetns: fsKey };
}

export const sorted = (names: Iterable<string>): string[] =>
  [...new Set(names)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

export function dirNode(
  fs: VStat["fs"],
  mode: number,
  mtime: number,
  list: () => readonly string[],
  child: (n: string) => VNode | undefined,
  size = fs === "disk" ? 4096 : 0,
): VNode {
  return { stat: { type: "dir", mode, nlink: fs === "proc" ? 1 : 2, size, mtime, fs }, list, child };
}

export function fileNode(fs: VStat["fs"], mode: number, mtime: number, read: () => ReadResult, size?: number): VNode {
  const s = size ?? (fs === "sys" ? 4096 : fs === "proc" ? 0 : undefined);
  return {
    stat: { type: "file", mode, nlink: 1, size: s ?? textOf(read()).length, mtime, fs },
    read,
  };
}

export function linkNode(fs: VStat["fs"], target: string, mtime: number): VNode {
  // sysfs and procfs report their links as 0 bytes.
  const size = fs === "disk" ? target.length : 0;
  return { stat: { type: "link", mode: 0o777, nlink: 1, size, mtime, fs, target } };
}

export function textOf(r: ReadResult): string {
  return "text" in r ? r.text : "";
}

export function join(dir: string, name: string): string {
  return dir === "/" ? `/${name}` : `${dir}/${name}`;
}

export function netnsOf(view: FsView, id: string): Netns | undefined {
  return view.world.netns[id];
}

export function emptyDir(fs: VStat["fs"], now: number, names: readonly string[] = []): VNode {
  return dirNode(
    fs,
    0o755,
    now,
    () => names,
    () => undefined,
  );
}
