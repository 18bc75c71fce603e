/**
 * The netfilter hooks of the machine a packet is in, drawn on the graph beside it, in the
 * kernel's layout:
 *
 *   PREROUTING → routing → FORWARD → POSTROUTING
 *                   ↓                    ↑
 *                 INPUT → local process → OUTPUT
 *
 * Pure: the boxes' places (wide, under a left-to-right graph; tall, beside a top-to-bottom
 * one), where the pipeline goes on the graph, and what the step shown lights up in it
 * (which hooks the packet passed, where it is, the chain and rule deciding, where it stopped).
 */
import type { Hook, TableName } from "../../sim/netfilter/types.ts";
import type { DropCause } from "../../sim/trace/events.ts";
import type { Step } from "../trace/timeline.ts";

export type PipeBox = Hook | "route" | "local";
export type PipeShape = "wide" | "tall";

/** The tables each hook runs, in the kernel's priority order (iptables' view of them). */
export const HOOK_TABLES: Readonly<Record<Hook, readonly TableName[]>> = {
  PREROUTING: ["raw", "mangle", "nat"],
  INPUT: ["mangle", "filter", "nat"],
  FORWARD: ["mangle", "filter"],
  OUTPUT: ["raw", "mangle", "nat", "filter"],
  POSTROUTING: ["mangle", "nat"],
};

export const PIPE = { boxW: 168, boxH: 46, gapX: 26, gapY: 30, pad: 8, decisionWide: 62, decisionTall: 88 } as const;

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

export interface Arrow {
  readonly from: PipeBox;
  readonly to: PipeBox;
  readonly points: readonly { x: number; y: number }[];
}

export interface PipelineLayout {
  readonly width: number;
  readonly height: number;
  readonly boxes: Readonly<Record<PipeBox, Rect>>;
  /** Where the machine's name and its in/out interfaces are written (the grid's free cell). */
  readonly title: Rect;
  /** The line under the boxes that says what decides at the step shown. */
  readonly decision: Rect;
  readonly arrows: readonly Arrow[];
}

/** Grid cells (column, row) in the wide shape; the tall shape is its transpose. */
const CELLS: Readonly<Record<PipeBox | "title", readonly [number, number]>> = {
  PREROUTING: [0, 0],
  route: [1, 0],
  FORWARD: [2, 0],
  POSTROUTING: [3, 0],
  title: [0, 1],
  INPUT: [1, 1],
  local: [2, 1],
  OUTPUT: [3, 1],
};

export const PIPE_EDGES: readonly (readonly [PipeBox, PipeBox])[] = [
  ["PREROUTING", "route"],
  ["route", "FORWARD"],
  ["FORWARD", "POSTROUTING"],
  ["route", "INPUT"],
  ["INPUT", "local"],
  ["local", "OUTPUT"],
  ["OUTPUT", "POSTROUTING"],
];

function arrowBetween(a: Rect, b: Rect): { x: number; y: number }[] {
  const ca = { x: a.x + a.w / 2, y: a.y + a.h / 2 };
  const cb = { x: b.x + b.w / 2, y: b.y + b.h / 2 };
  if (Math.abs(cb.x - ca.x) > Math.abs(cb.y - ca.y)) {
    const right = cb.x > ca.x;
    return [
      { x: right ? a.x + a.w : a.x, y: ca.y },
      { x: right ? b.x : b.x + b.w, y: cb.y },
    ];
  }
  const down = cb.y > ca.y;
  return [
    { x: ca.x, y: down ? a.y + a.h : a.y },
    { x: cb.x, y: down ? b.y : b.y + b.h },
  ];
}

export function pipelineLayout(shape: PipeShape): PipelineLayout {
  const { boxW, boxH, gapX, gapY, pad } = PIPE;
  const cell = (c: number, r: number): Rect => {
    const [col, row] = shape === "wide" ? [c, r] : [r, c];
    return { x: pad + col * (boxW + gapX), y: pad + row * (boxH + gapY), w: boxW, h: boxH };
  };
  const cols = shape === "wide" ? 4 : 2;
  const rows = shape === "wide" ? 2 : 4;
  const gridW = cols * boxW + (cols - 1) * gapX;
  const gridH = rows * boxH + (rows - 1) * gapY;
  const boxes = {} as Record<PipeBox, Rect>;
  for (const [box, [c, r]] of Object.entries(CELLS)) if (box !== "title") boxes[box as PipeBox] = cell(c, r);
  const decisionH = shape === "wide" ? PIPE.decisionWide : PIPE.decisionTall;
  const decision = { x: pad, y: pad + gridH + 8, w: gridW, h: decisionH };
  const arrows = PIPE_EDGES.map(([from, to]) => ({ from, to, points: arrowBetween(boxes[from], boxes[to]) }));
  return {
    width: gridW + 2 * pad,
    height: decision.y + decisionH + pad,
    boxes,
    title: cell(...CELLS.title),
    decision,
    arrows,
  };
}

/** Where the pipeline goes: under its machine in a left-to-right graph, beside it top to bottom, kept in the band next to the graph. */
export const PIPE_GAP = 36;

export function placePipeline(
  machine: Rect,
  extent: { readonly minX: number; readonly minY: number; readonly maxX: number; readonly maxY: number },
  direction: "LR" | "TB",
  size: { readonly width: number; readonly height: number },
): { x: number; y: number } {
  const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(Math.max(lo, hi), v));
  if (direction === "LR") {
    const x = clamp(machine.x + machine.w / 2 - size.width / 2, extent.minX, extent.maxX - size.width);
    return { x: Math.round(x), y: Math.round(extent.maxY + PIPE_GAP) };
  }
  const y = clamp(machine.y + machine.h / 2 - size.height / 2, extent.minY, extent.maxY - size.height);
  return { x: Math.round(extent.maxX + PIPE_GAP), y: Math.round(y) };
}

export type BoxStatus = "ahead" | "passed" | "here" | "dropped";

export type Decision =
  | { readonly kind: "enter"; readonly hook: Hook; readonly empty: boolean }
  | {
      readonly kind: "rule";
      readonly table: TableName;
      /** The chains the packet is in, from the hook's built-in chain to the rule's. */
      readonly chainPath: readonly string[];
      readonly chain: string;
      readonly index: number;
      readonly summary: string;
      readonly verdict: string;
    }
  | { readonly kind: "policy"; readonly table: TableName; readonly chain: string; readonly policy: string }
  | { readonly kind: "nat"; readonly natKind: string; readonly by: "rule" | "conntrack" }
  | {
      readonly kind: "conntrack";
      readonly action: "new" | "match" | "confirm";
      readonly entry: number;
      readonly state: string;
    }
  | { readonly kind: "route"; readonly decision: string; readonly outIface?: string }
  | { readonly kind: "deliver"; readonly process: string }
  | { readonly kind: "sent"; readonly sender: string; readonly label: string }
  | { readonly kind: "arrives"; readonly iface: string }
  | { readonly kind: "drop"; readonly cause?: DropCause };

export interface PipelineState {
  readonly netns: string;
  readonly status: Readonly<Record<PipeBox, BoxStatus>>;
  /** Where the packet is in the pipeline (null while it is on the wire arriving). */
  readonly at: PipeBox | null;
  /** The boxes passed so far in this machine, in order (their arrows are lit). */
  readonly path: readonly PipeBox[];
  readonly inIface?: string;
  readonly outIface?: string;
  /** The bridge whose frames pass the IP hooks (br_netfilter), when the packet is bridged. */
  readonly bridged?: string;
  readonly decision: Decision | null;
  /** The hook or table being evaluated, to light its name. */
  readonly table?: TableName;
}

/** The box a drop stops the packet in. */
function dropBox(cause: DropCause | undefined, at: PipeBox | null): PipeBox {
  if (cause?.hook) return cause.hook;
  switch (cause?.code) {
    case "ip-forward-off":
    case "ttl-exceeded":
      return "route";
    case "no-listener":
    case "no-route":
    case "no-route-back":
      return at === "route" ? "route" : "local";
    case "martian":
    case "link-down":
      return at ?? "POSTROUTING";
    default:
      return at ?? "route";
  }
}

const PASS_VERDICTS = new Set(["JUMP", "GOTO"]);

/** The chain stack a rule event is evaluated in: the hook's chain, then each chain jumped to. */
function chainPathAt(steps: readonly Step[], groupStart: number, index: number, hook: string): string[] {
  const cur = steps[index]!.event;
  if (cur.type !== "rule") return [];
  let stack = [hook];
  let table = "";
  for (let i = groupStart; i < index; i++) {
    const e = steps[i]!.event;
    if (e.type !== "rule" || e.packetId !== cur.packetId) continue;
    if (e.table !== table) {
      table = e.table;
      stack = [hook];
    }
    if (PASS_VERDICTS.has(e.verdict) && e.toChain) {
      if (e.verdict === "GOTO") stack[stack.length - 1] = e.toChain;
      else stack.push(e.toChain);
    } else if (e.verdict === "RETURN" && stack.length > 1) stack.pop();
  }
  if (cur.table !== table) stack = [hook];
  if (stack[stack.length - 1] !== cur.chain) stack.push(cur.chain);
  return stack;
}

/**
 * What the step shown lights up in its machine's pipeline: the hooks this packet passed since
 * it arrived (or was created) there, where it is, and what is deciding. Null when the step is
 * not in a machine (nothing shown).
 */
export function pipelineState(steps: readonly Step[], index: number): PipelineState | null {
  const cur = steps[index];
  if (!cur) return null;
  const id = cur.event.packetId;
  const netns = cur.at.netns;
  if (!netns) return null;
  let start = index;
  for (let i = index; i >= 0; i--) {
    const e = steps[i]!.event;
    if (e.packetId !== id) continue;
    start = i;
    if ((e.type === "hop" && e.toNetns === netns) || (e.type === "packet" && e.netns === netns)) break;
    if (e.type === "hop") {
      start = i + 1;
      break;
    }
  }
  const path: PipeBox[] = [];
  const visit = (b: PipeBox) => {
    if (path[path.length - 1] !== b) path.push(b);
  };
  let inIface: string | undefined;
  let outIface: string | undefined;
  let isBridged = false;
  let dropped: PipeBox | null = null;
  let hook: Hook | null = null;
  let hookStart = start;
  for (let i = start; i <= index; i++) {
    const e = steps[i]!.event;
    if (e.packetId !== id) continue;
    switch (e.type) {
      case "packet":
        visit("local");
        break;
      case "hook":
        hook = e.hook;
        hookStart = i;
        visit(e.hook);
        inIface = e.inIface ?? inIface;
        outIface = e.outIface ?? outIface;
        break;
      case "route":
        if (e.decision === "bridge") isBridged = true;
        else if (e.decision !== "output") visit("route");
        if (e.outIface && e.decision !== "bridge") outIface = e.outIface;
        break;
      case "deliver":
        visit("local");
        break;
      case "drop":
        dropped = dropBox(e.cause, path[path.length - 1] ?? null);
        visit(dropped);
        break;
      case "hop":
        if (e.toNetns === netns) inIface ??= e.toIface;
        break;
      default:
        break;
    }
  }
  // A bridged frame's hooks see the bridge as both its in and out interface.
  const bridged = isBridged ? inIface : undefined;
  const status = {} as Record<PipeBox, BoxStatus>;
  for (const b of Object.keys(CELLS)) if (b !== "title") status[b as PipeBox] = "ahead";
  path.forEach((b, i) => {
    status[b] = i === path.length - 1 ? (dropped === b ? "dropped" : "here") : "passed";
  });
  const at = cur.event.type === "hop" ? null : (path[path.length - 1] ?? null);
  if (at === null && path.length === 0 && cur.event.type !== "hop") return null;
  const e = cur.event;
  let decision: Decision | null = null;
  let table: TableName | undefined;
  switch (e.type) {
    case "hook": {
      let empty = true;
      for (let i = index + 1; i < steps.length; i++) {
        const n = steps[i]!.event;
        if (n.packetId !== id) continue;
        if (n.type === "rule" || n.type === "policy" || n.type === "nat" || n.type === "conntrack") empty = false;
        else break;
      }
      decision = { kind: "enter", hook: e.hook, empty };
      break;
    }
    case "rule":
      table = e.table;
      decision = {
        kind: "rule",
        table: e.table,
        chain: e.chain,
        chainPath: chainPathAt(steps, hookStart, index, hook ?? e.chain),
        index: e.ruleIndex,
        summary: ruleSummary(e.ruleText),
        verdict: e.verdict,
      };
      break;
    case "policy":
      table = e.table;
      decision = { kind: "policy", table: e.table, chain: e.chain, policy: e.policy };
      break;
    case "nat":
      table = "nat";
      decision = { kind: "nat", natKind: e.kind, by: e.by };
      break;
    case "conntrack":
      decision = { kind: "conntrack", action: e.action, entry: e.entryId, state: e.ctstate };
      break;
    case "route":
      decision = e.outIface
        ? { kind: "route", decision: e.decision, outIface: e.outIface }
        : { kind: "route", decision: e.decision };
      break;
    case "deliver":
      decision = { kind: "deliver", process: e.process };
      break;
    case "packet":
      decision = { kind: "sent", sender: e.sender, label: e.label };
      break;
    case "hop":
      decision = { kind: "arrives", iface: e.toIface };
      break;
    case "drop":
      decision = e.cause ? { kind: "drop", cause: e.cause } : { kind: "drop" };
      break;
  }
  return {
    netns,
    status,
    at,
    path,
    ...(inIface ? { inIface } : {}),
    ...(outIface ? { outIface } : {}),
    ...(bridged ? { bridged } : {}),
    decision,
    ...(table ? { table } : {}),
  };
}

/**
 * A rule as `iptables -L` reads (target, protocol, matches, the target's options), with the
 * interfaces and addresses `-L` leaves to its columns in brackets:
 * `-A DOCKER ! -i docker0 -p tcp -m tcp --dport 2024 -j DNAT --to-destination 172.17.0.2:80`
 * → `DNAT tcp dpt:2024 to:172.17.0.2:80 (! -i docker0)`.
 */
export function ruleSummary(ruleText: string): string {
  const tok = ruleText.trim().split(/\s+/);
  let target = "";
  let proto = "";
  const matches: string[] = [];
  const opts: string[] = [];
  const conds: string[] = [];
  let neg = "";
  for (let i = 0; i < tok.length; i++) {
    const t = tok[i]!;
    const v = tok[i + 1] ?? "";
    const take = () => {
      i++;
      return v;
    };
    switch (t) {
      case "!":
        neg = "! ";
        continue;
      case "-A":
      case "-I":
        take();
        break;
      case "-s":
      case "-d":
      case "-i":
      case "-o":
        conds.push(`${neg}${t} ${take()}`);
        break;
      case "-p":
        proto = `${neg ? "!" : ""}${take()}`;
        break;
      case "-m":
        take();
        break;
      case "--dport":
        matches.push(`${neg ? "!" : ""}dpt:${take()}`);
        break;
      case "--sport":
        matches.push(`${neg ? "!" : ""}spt:${take()}`);
        break;
      case "--ctstate":
      case "--state":
        matches.push(`${neg ? "! " : ""}ctstate ${take()}`);
        break;
      case "--dst-type":
        matches.push(`${neg ? "! " : ""}dst-type ${take()}`);
        break;
      case "--src-type":
        matches.push(`${neg ? "! " : ""}src-type ${take()}`);
        break;
      case "-j":
      case "-g":
        target = take();
        break;
      case "--to-destination":
      case "--to-source":
        opts.push(`to:${take()}`);
        break;
      case "--to-ports":
        opts.push(`ports: ${take()}`);
        break;
      default:
        matches.push(`${neg}${t}`);
    }
    neg = "";
  }
  const head = [target || "(no target)", proto, ...matches, ...opts].filter((s) => s !== "").join(" ");
  return conds.length > 0 ? `${head} (${conds.join(" ")})` : head;
}
