/**
 * What the step shown lights up in its machine's netfilter pipeline (hook-pipeline.ts
 * draws the boxes): which hooks the packet passed, where it is, the chain and rule
 * deciding, where it stopped. Pure.
 */
import type { Hook, TableName } from "../../sim/netfilter/types.ts";
import type { DropCause } from "../../sim/trace/events.ts";
import type { Step } from "../trace/timeline.ts";
import { PIPE_BOXES, type PipeBox } from "./hook-pipeline.ts";

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
    case "echo-ignored":
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
  for (const b of PIPE_BOXES) status[b] = "ahead";
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
