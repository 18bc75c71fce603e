/**
 * What one command's packets teach the namespaces' neighbour tables. The walk calls
 * `learn` where it resolves a next hop; the first call per asking link and address in
 * a command does the work (later packets find it done), so a connection's dozens of
 * segments cost one map lookup each. The tables it changed are written to the world
 * with the rest of the walk's results by `commitNeighbours` (neigh-commit.ts, from `worldOf`).
 */
import { indexOf, learnFromRequest, resolve, type Neighbour } from "../neigh.ts";
import type { Link, Netns } from "../types.ts";
import { getNs, type WalkState } from "./context.ts";
import { arpExchange, probeDue, probeFrames } from "../link-stats.ts";
import { countFrames } from "./link-count.ts";
import { macvlanFor, macvlanHop } from "./macvlan.ts";
import { bridgePortFor, findLinkByIndex, findLinkByName, ownsAddress } from "./neighbours.ts";

/** The namespace's table as this walk sees it (read only: `writable` copies it before a change). */
function current(st: WalkState, nsId: string): readonly Neighbour[] {
  return st.neigh.tables.get(nsId) ?? st.world.neigh?.[nsId] ?? [];
}

function writable(st: WalkState, nsId: string): Neighbour[] {
  let t = st.neigh.tables.get(nsId);
  if (!t) st.neigh.tables.set(nsId, (t = [...(st.world.neigh?.[nsId] ?? [])]));
  return t;
}

function put(table: Neighbour[], i: number, n: Neighbour): void {
  if (i >= 0) table[i] = n;
  else table.push(n);
}

type Answer = { readonly ns: Netns; readonly link: Link } | undefined;

/**
 * Notes that `asker` resolves `nextHop` on `out` (the walk calls it wherever a packet
 * leaves by a link). Only the first call per link and address in a command does work.
 */
export function noteResolution(st: WalkState, asker: Netns, out: Link, nextHop: string): void {
  let seen = st.neigh.done.get(out);
  if (!seen) st.neigh.done.set(out, (seen = new Set()));
  else if (seen.has(nextHop)) return;
  seen.add(nextHop);
  learn(st, asker, out, nextHop, answerFor(st, asker, out, nextHop));
}

/** Who answers ARP for `nextHop` on `out`: the far end of a veth, the bridge it is plugged into, one of that bridge's ports, or a macvlan on either wire. */
export function answerFor(st: WalkState, ns: Netns, out: Link, nextHop: string): Answer {
  if (out.kind === "bridge") {
    const p = bridgePortFor(st, ns, out.name, nextHop, undefined);
    return p ? { ns: p.peerNs, link: p.peer } : undefined;
  }
  if (out.lower) {
    const hop = macvlanHop(st, ns.id, out, nextHop);
    return hop.kind === "sibling" || hop.kind === "wire" ? hop.to : undefined;
  }
  if (!out.peer) return undefined;
  const peerNs = getNs(st, out.peer.netns);
  const peer = findLinkByIndex(peerNs, out.peer.ifindex);
  if (!peerNs || !peer || !peer.up) return undefined;
  if (!peer.master)
    return ownsAddress(peerNs, nextHop) ? { ns: peerNs, link: peer } : macvlanFor(st, peerNs, peer, nextHop);
  const bridge = findLinkByName(peerNs, peer.master);
  if (!bridge || !bridge.up) return undefined;
  if (ownsAddress(peerNs, nextHop)) return { ns: peerNs, link: bridge };
  const p = bridgePortFor(st, peerNs, bridge.name, nextHop, peer.name);
  return p ? { ns: p.peerNs, link: p.peer } : undefined;
}

/**
 * `asker` resolves `nextHop` on its link `out`; `answer` is the namespace and link that
 * own the address (undefined when nobody answers).
 */
function learn(st: WalkState, asker: Netns, out: Link, nextHop: string, answer: Answer): void {
  const clock = st.world.clock;
  // Most resolutions find a usable entry and change nothing: the table is copied only for a change.
  const mine = current(st, asker.id);
  const i = indexOf(mine, out, nextHop);
  const prev = i >= 0 ? mine[i] : undefined;
  const r = resolve(prev, out, nextHop, answer?.link.mac, clock);
  const lookup = (id: string) => getNs(st, id);
  // A probe that went out while the entry waited is read from the entry (link-stats.ts); replaced, it is counted for good.
  if (r.entry && prev && probeDue(prev, clock)) countFrames(st.linkCounts, probeFrames(lookup, asker, prev));
  if (r.entry) put(writable(st, asker.id), i, r.entry);
  if (r.asked) countFrames(st.linkCounts, arpExchange(lookup, asker, out, answer));
  if (!r.asked || !answer) return;
  // The request carries the asker's address on that link (arp_solicit picks one of the link's own).
  const from = asker.addrs.find((a) => a.ifname === out.name);
  if (!from) return;
  const theirs = current(st, answer.ns.id);
  const j = indexOf(theirs, answer.link, from.address);
  const learnt = learnFromRequest(j >= 0 ? theirs[j] : undefined, answer.link, from.address, out.mac, clock);
  if (learnt) put(writable(st, answer.ns.id), j, learnt);
}
