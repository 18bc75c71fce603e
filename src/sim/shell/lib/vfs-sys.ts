/** /sys as a session sees it: the links of the namespace that mounted it (kernel/sysfs.ts), under class/net and devices/virtual/net. */
import { sysLinkEntries, sysLinkRead, sysLinkSubdir, type SysEntry } from "../../kernel/sysfs.ts";
import type { Link, Netns } from "../../kernel/types.ts";
import { BOOT_MS } from "./procs.ts";
import { dirNode, emptyDir, fileNode, linkNode, netnsOf, sorted, type FsView, type VNode } from "./vfs-node.ts";

const SYS_TOP = [
  "block",
  "bus",
  "class",
  "dev",
  "devices",
  "firmware",
  "fs",
  "hypervisor",
  "kernel",
  "module",
  "power",
];

export function sysRoot(view: FsView): VNode {
  const now = view.world.clock;
  const ns = () => netnsOf(view, view.sysNetns);
  const links = (): readonly Link[] => ns()?.links ?? [];
  const netDev = (name: string): VNode | undefined => {
    const n = ns();
    const l = links().find((x) => x.name === name);
    return n && l ? sysLinkDir(view, n, l) : undefined;
  };
  const classNet = dirNode(
    "sys",
    0o755,
    now,
    () => sorted(links().map((l) => l.name)),
    (n) => (links().some((l) => l.name === n) ? linkNode("sys", `../../devices/virtual/net/${n}`, now) : undefined),
  );
  const virtualNet = dirNode("sys", 0o755, now, () => sorted(links().map((l) => l.name)), netDev);
  const devices = dirNode(
    "sys",
    0o755,
    now,
    () => ["system", "virtual"],
    (n) =>
      n === "virtual"
        ? dirNode(
            "sys",
            0o755,
            now,
            () => ["net"],
            (m) => (m === "net" ? virtualNet : undefined),
          )
        : n === "system"
          ? emptyDir("sys", now)
          : undefined,
  );
  const classDir = dirNode(
    "sys",
    0o755,
    now,
    () => ["net"],
    (n) => (n === "net" ? classNet : undefined),
  );
  return dirNode(
    "sys",
    0o555,
    BOOT_MS,
    () => SYS_TOP,
    (n) =>
      n === "class" ? classDir : n === "devices" ? devices : SYS_TOP.includes(n) ? emptyDir("sys", now) : undefined,
  );
}

function sysEntryNode(view: FsView, ns: Netns, l: Link, name: string, e: SysEntry, dir?: string): VNode {
  const now = view.world.clock;
  if (e.kind === "link") return linkNode("sys", e.target, now);
  if (e.kind === "dir") {
    const entries = () => sysLinkSubdir(ns, l, name) ?? [];
    return dirNode(
      "sys",
      0o755,
      now,
      () => entries().map(([n]) => n),
      (n) => {
        const sub = entries().find(([x]) => x === n);
        return sub ? sysEntryNode(view, ns, l, n, sub[1], name) : undefined;
      },
    );
  }
  return fileNode("sys", parseInt(e.mode, 8), now, () => {
    const r = sysLinkRead(view.world, ns, l, name, dir);
    return "text" in r ? r : { errno: r.errno };
  });
}

function sysLinkDir(view: FsView, ns: Netns, l: Link): VNode {
  const now = view.world.clock;
  const entries = () => sysLinkEntries(ns, l);
  return dirNode(
    "sys",
    0o755,
    now,
    () => entries().map(([n]) => n),
    (n) => {
      const e = entries().find(([x]) => x === n);
      return e ? sysEntryNode(view, ns, l, n, e[1]) : undefined;
    },
  );
}
