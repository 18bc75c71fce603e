/**
 * The world as the page sees it (worker/view.ts) → React Flow nodes and edges. Pure, so it is unit-tested without a DOM.
 * One node per network namespace (internet, host, each container), one per bridge,
 * one per bridge port (the host end of a veth pair); edges are the wires between
 * them. Node ids are stable (`ns:<netns>`, `br:<netns>/<name>`, `if:<netns>/<name>`),
 * so live updates keep positions and the packet animation can find a hop's ends.
 * Sizes are computed here from the text, so the layout can keep nodes apart.
 */
import type { Edge, Node } from "@xyflow/react";
import type { LinkView as Link, NetnsView as Netns, WorldView as World } from "../../worker/protocol.ts";
import { listContainers, networkOfBridge } from "../../store/world-view.ts";
import { ENGLISH_WORDS, type NodeWords } from "./node-words.ts";

/** null for the default bridge, or the user network a br-… device belongs to. */
function networkName(world: World, device: string): string | null {
  const net = networkOfBridge(world, device);
  return net && net !== "bridge" ? net : null;
}

export type NetNodeKind = "internet" | "host" | "bridge" | "port" | "container";

export interface NetLine {
  readonly text: string;
  /** `addr` lines are addresses, `app` listening processes, `note` settings. */
  readonly tone?: "addr" | "app" | "note" | "warn";
}

export interface NetData extends Record<string, unknown> {
  readonly kind: NetNodeKind;
  readonly title: string;
  readonly subtitle?: string;
  readonly lines: readonly NetLine[];
  /** The namespace this node lives in (for the details panel). */
  readonly netns: string;
  readonly iface?: string;
  /** Set while a removed node fades out. */
  readonly leaving?: boolean;
  /** Presenter mode's large type (see LARGE). */
  readonly large?: boolean;
}

export type NetNode = Node<NetData, "net">;
export type NetEdge = Edge<{ readonly medium: "veth" | "bridge" | "wire" }>;

const RANK: Record<NetNodeKind, number> = { internet: 0, host: 1, bridge: 2, port: 3, container: 4 };

export const LINE_HEIGHT = 16;
// Measured in Chromium with DejaVu (the widest of the fallbacks): 11px mono is 6.62 px a
// character, 12px sans about 7, 14px semibold about 9.5. Over-estimating keeps text whole.
const CHAR_WIDTH = 6.7;
const TITLE_CHAR_WIDTH = 9.5;
const SUBTITLE_CHAR_WIDTH = 7;
/** Border (2 × 2 px) and padding (2 × 8 px) across, with a little slack. */
const PAD_X = 26;
/** Title row (20 px), padding (2 × 4 px) and border (2 × 2 px) down, with 2 px slack. */
const PAD_Y = 34;

/**
 * Presenter mode's nodes: lines in 14 px (the pipeline's smallest text), the title in 17 px,
 * so a zoom of 20/14 draws every word of the graph at 20 px or more without the whole graph
 * growing by the 11 px lines' 20/11 (at which the pipeline alone outgrows a 1280 px screen).
 */
export const LARGE = {
  lineHeight: 20,
  charWidth: 8.6,
  titleCharWidth: 11.6,
  subtitleCharWidth: 8.2,
  padY: 38,
  maxWidth: 460,
  /** The smallest text of the graph, in its own units, in presenter mode. */
  minFontPx: 14,
} as const;

/** Width and height the node renders at (NetNode sets them explicitly, so layout and DOM agree). */
export function nodeSize(data: NetData): { width: number; height: number } {
  const big = data.large === true;
  const lineH = big ? LARGE.lineHeight : LINE_HEIGHT;
  // The title is set larger and bold than the monospace lines, so it is measured apart.
  const longest = Math.max(
    data.title.length * (big ? LARGE.titleCharWidth : TITLE_CHAR_WIDTH),
    (data.subtitle?.length ?? 0) * (big ? LARGE.subtitleCharWidth : SUBTITLE_CHAR_WIDTH),
    ...data.lines.map((l) => l.text.length * (big ? LARGE.charWidth : CHAR_WIDTH)),
  );
  // Narrow minimums: every pixel of width costs zoom, and zoom is what makes the text readable.
  const min = (data.kind === "port" ? 110 : 150) * (big ? 1.3 : 1);
  const width = Math.min(big ? LARGE.maxWidth : 360, Math.max(min, Math.ceil(longest + PAD_X)));
  const height = (big ? LARGE.padY : PAD_Y) + (data.subtitle ? lineH : 0) + data.lines.length * lineH;
  return { width, height };
}

export function nsNodeId(netns: string): string {
  return `ns:${netns}`;
}

/** An interface's IPv4 addresses, then the IPv6 ones given to it (not the derived link-local). */
function addrsOf(ns: Netns, ifname: string): string[] {
  const v4 = ns.addrs.filter((a) => a.ifname === ifname).map((a) => `${a.address}/${a.prefixLen}`);
  const v6 = (ns.addrs6 ?? [])
    .filter((a) => a.ifname === ifname && !a.address.startsWith("fe80:"))
    .map((a) => `${a.address}/${a.prefixLen}`);
  return [...v4, ...v6];
}

/** A route as `ip route` names it, without `src`: the node is a summary (the details panel has it all). */
function routeText(r: Netns["routes"][number]): string {
  let t = r.dst;
  if (r.via) t += ` via ${r.via}`;
  t += ` dev ${r.dev}`;
  return t;
}

/**
 * One line per listening program and port: nginx on 0.0.0.0:80 and :::80 reads as
 * `nginx 0.0.0.0:80/tcp, :::80/tcp`, as `docker ps` writes a port published twice,
 * so a column of containers stays short. docker-proxy keeps a line per address: where
 * each one forwards is the point of `-p`.
 */
function listenerLines(ns: Netns, words: NodeWords): NetLine[] {
  // Keyed by the program (or the whole docker-proxy line); values are its `addr:port/proto`s.
  const byProgram = new Map<string, string[]>();
  for (const l of ns.listeners) {
    const app = l.app;
    const program =
      app.kind === "docker-proxy"
        ? `docker-proxy ${l.addr}:${l.port} → ${app.toAddr}:${app.toPort}`
        : app.kind === "web"
          ? words.web(app.site)
          : app.kind === "dns"
            ? words.dnsServer
            : l.process;
    const socket = app.kind === "docker-proxy" ? "" : `${l.addr}:${l.port}/${l.proto}`;
    const sockets = byProgram.get(program) ?? [];
    if (!sockets.includes(socket)) sockets.push(socket);
    byProgram.set(program, sockets);
  }
  return [...byProgram].map(([program, sockets]) => ({
    text: sockets[0] === "" ? program : `${program} ${sockets.join(", ")}`,
    tone: "app" as const,
  }));
}

/** The interfaces a namespace shows on its own node: not loopback, not bridges or bridge ports. */
function ownIfaceLines(ns: Netns, words: NodeWords): NetLine[] {
  const out: NetLine[] = [];
  for (const link of ns.links) {
    if (link.kind === "loopback" || link.kind === "bridge" || link.master) continue;
    const suffix = link.peer ? peerSuffix(link) : "";
    const addrs = addrsOf(ns, link.name);
    out.push({ text: `${link.name}${suffix} ${addrs.join(" ") || words.noAddress}`.trim(), tone: "addr" });
  }
  // Addresses on lo beyond 127.0.0.1 are services (the internet's baidu.com and DNS server).
  for (const a of ns.addrs) {
    if (a.ifname === "lo" && a.address !== "127.0.0.1")
      out.push({ text: `lo ${a.address}/${a.prefixLen}`, tone: "addr" });
  }
  return out;
}

/** `@ifN` as `ip link` prints it for a veth whose peer lives in another namespace. */
function peerSuffix(link: Link): string {
  if (!link.peer) return "";
  return `@if${link.peer.ifindex}`;
}

function machineNode(world: World, ns: Netns, words: NodeWords): NetNode {
  const id = ns.id;
  const lines: NetLine[] = [...ownIfaceLines(ns, words)];
  let kind: NetNodeKind;
  let title: string;
  let subtitle: string | undefined;
  if (id === "internet") {
    kind = "internet";
    title = "internet";
    subtitle = words.internet;
    lines.push(...listenerLines(ns, words));
  } else if (id === "host") {
    kind = "host";
    title = ns.hostname || "host";
    subtitle = words.host;
    const fwd = ns.sysctl["net.ipv4.ip_forward"];
    if (fwd !== undefined) lines.push({ text: `ip_forward = ${fwd}`, tone: fwd === "1" ? "note" : "warn" });
    for (const r of ns.routes) lines.push({ text: routeText(r), tone: "note" });
    lines.push(...listenerLines(ns, words));
  } else {
    kind = "container";
    const c = listContainers(world).find((x) => x.id === id);
    // A namespace made with `ip netns add` is keyed `netns:NAME` (sim/kernel/named-netns.ts).
    const named = id.startsWith("netns:") ? id.slice("netns:".length) : undefined;
    title = named ?? c?.name ?? id.slice(0, 12);
    subtitle = named !== undefined ? words.namespace : words.container(id.slice(0, 12), c?.image);
    const gw = ns.routes.find((r) => r.dst === "default");
    if (gw?.via) lines.push({ text: `default via ${gw.via}`, tone: "note" });
    lines.push(...listenerLines(ns, words));
  }
  return {
    id: nsNodeId(id),
    type: "net",
    position: { x: 0, y: 0 },
    data: subtitle ? { kind, title, subtitle, lines, netns: id } : { kind, title, lines, netns: id },
  };
}

function orient(a: NetNode, b: NetNode): [NetNode, NetNode] {
  return RANK[a.data.kind] <= RANK[b.data.kind] ? [a, b] : [b, a];
}

/** Namespaces in a stable order: internet, host, then containers as the world lists them. */
function orderedNetns(world: World): Netns[] {
  const all = Object.values(world.netns);
  const weight = (id: string) => (id === "internet" ? 0 : id === "host" ? 1 : 2);
  return all
    .map((ns, i) => ({ ns, i }))
    .sort((a, b) => weight(a.ns.id) - weight(b.ns.id) || a.i - b.i)
    .map((x) => x.ns);
}

export function toFlowElements(
  world: World,
  opts: { readonly large?: boolean; readonly words?: NodeWords } = {},
): { nodes: NetNode[]; edges: NetEdge[] } {
  const nodes: NetNode[] = [];
  const byId = new Map<string, NetNode>();
  const add = (node: NetNode) => {
    const n = opts.large ? { ...node, data: { ...node.data, large: true } } : node;
    nodes.push(n);
    byId.set(n.id, n);
  };
  const words = opts.words ?? ENGLISH_WORDS;
  const spaces = orderedNetns(world);
  for (const ns of spaces) {
    add(machineNode(world, ns, words));
    for (const link of ns.links) {
      if (link.kind === "bridge") {
        const addrs = addrsOf(ns, link.name);
        const ports = ns.links.filter((l) => l.master === link.name).length;
        add({
          id: `br:${ns.id}/${link.name}`,
          type: "net",
          position: { x: 0, y: 0 },
          data: {
            kind: "bridge",
            title: link.name,
            subtitle: words.bridge(networkName(world, link.name), ports, !link.up),
            lines: addrs.map((a) => ({ text: a, tone: "addr" as const })),
            netns: ns.id,
            iface: link.name,
          },
        });
      }
    }
    for (const link of ns.links) {
      if (link.master && link.kind !== "bridge") {
        add({
          id: `if:${ns.id}/${link.name}`,
          type: "net",
          position: { x: 0, y: 0 },
          data: {
            kind: "port",
            title: `${link.name}${peerSuffix(link)}`,
            lines: [{ text: `master ${link.master}`, tone: "note" }],
            netns: ns.id,
            iface: link.name,
          },
        });
      }
    }
  }

  const edges: NetEdge[] = [];
  const seen = new Set<string>();
  const connect = (aId: string, bId: string, medium: "veth" | "bridge" | "wire", label?: string) => {
    const a = byId.get(aId);
    const b = byId.get(bId);
    if (!a || !b || a === b) return;
    const [s, t] = orient(a, b);
    const id = `${medium}:${s.id}|${t.id}`;
    if (seen.has(id)) return;
    seen.add(id);
    edges.push({ id, source: s.id, target: t.id, data: { medium }, ...(label ? { label } : {}) });
  };
  for (const ns of spaces) {
    for (const link of ns.links) {
      if (link.kind === "bridge") connect(nsNodeId(ns.id), `br:${ns.id}/${link.name}`, "bridge");
      if (link.master) connect(`if:${ns.id}/${link.name}`, `br:${ns.id}/${link.master}`, "bridge");
      if (link.peer) {
        const peerNs = world.netns[link.peer.netns];
        const peer = peerNs?.links.find((l) => l.ifindex === link.peer?.ifindex);
        if (!peerNs || !peer) continue;
        const medium = link.kind === "veth" && (link.master || peer.master) ? "veth" : "wire";
        connect(locateIface(world, ns.id, link.name), locateIface(world, peerNs.id, peer.name), medium);
      }
      // A macvlan hangs off its lower link's wire (a container on the host's LAN, by the host's eth0).
      if (link.lower) {
        const lowerNs = world.netns[link.lower.netns];
        const lower = lowerNs?.links.find((l) => l.ifindex === link.lower?.ifindex);
        if (lowerNs && lower)
          connect(locateIface(world, ns.id, link.name), locateIface(world, lowerNs.id, lower.name), "wire");
      }
    }
  }
  return { nodes, edges };
}

/** The node that stands for an interface: its own node (bridge, bridge port), else its namespace's. */
export function locateIface(world: World, netns: string, iface: string | undefined): string {
  const ns = world.netns[netns];
  const link = iface ? ns?.links.find((l) => l.name === iface) : undefined;
  if (link?.kind === "bridge") return `br:${netns}/${link.name}`;
  if (link?.master) return `if:${netns}/${link.name}`;
  return nsNodeId(netns);
}
