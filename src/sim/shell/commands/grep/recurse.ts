/**
 * `grep -r`/`-R`: the files a recursive grep reads. A directory operand stands for the
 * regular files beneath it, named from the operand as typed (`/etc/nginx/` gives
 * `/etc/nginx/nginx.conf`); no operand means `.`, its files named without `./`. `-r`
 * follows a symbolic link only when it is an operand, `-R` everywhere. Entries come
 * in the lab's sorted order (GNU grep's fts takes the directory's own order).
 */
import type { CommandContext } from "../../command.ts";
import { absolutePath, lookup } from "../../lib/vfs.ts";
import { viewOf, type FsView, type VNode } from "../../lib/vfs-node.ts";

/** How many files one recursive grep reads at most, and how deep it goes. */
const MAX_FILES = 2000;
const MAX_DEPTH = 24;

export interface Recursed {
  /** The operands, each directory replaced by its files. */
  readonly files: readonly string[];
  /** Whether any came from a directory: grep then names every file it prints from. */
  readonly fromDir: boolean;
}

export function recurse(operands: readonly string[], ctx: CommandContext, deref: boolean): Recursed {
  const view = viewOf(ctx.world, ctx.session);
  const files: string[] = [];
  let fromDir = false;
  const starts = operands.length === 0 ? ["."] : operands;
  for (const op of starts) {
    const found = lookup(view, absolutePath(view, op));
    if ("error" in found || found.node.stat.type !== "dir") {
      files.push(op);
      continue;
    }
    fromDir = true;
    const base = operands.length === 0 ? "" : op === "/" ? "/" : op.replace(/\/+$/, "") + "/";
    walk(view, found.node, found.path, base, deref, files, 0);
  }
  return { files, fromDir };
}

function walk(
  view: FsView,
  dir: VNode,
  abs: string,
  shown: string,
  deref: boolean,
  files: string[],
  depth: number,
): void {
  if (depth > MAX_DEPTH || !dir.list || !dir.child) return;
  for (const name of dir.list()) {
    if (files.length >= MAX_FILES) return;
    const at = abs === "/" ? `/${name}` : `${abs}/${name}`;
    let node = dir.child(name);
    if (node?.stat.type === "link") {
      if (!deref) continue;
      const target = lookup(view, at);
      node = "error" in target ? undefined : target.node;
    }
    if (!node) continue;
    if (node.stat.type === "dir") walk(view, node, at, `${shown}${name}/`, deref, files, depth + 1);
    else if (node.stat.type === "file") files.push(`${shown}${name}`);
  }
}
