/**
 * `ip neigh` (iproute2 6.1 on the hosts, busybox 1.35 in containers): the namespace's
 * neighbour table (kernel/neigh.ts), `show|list [dev D] [nud S] [to PREFIX]`, `flush`
 * (with -s its rounds), `add|replace ... lladdr M dev D` (PERMANENT) and `del`. Texts as
 * recorded on the oracle, trailing blanks and iproute2's missing blank before `probes`
 * included. No IPv6 neighbours are modelled (Docker leaves IPv6 off), so `-6` lists none.
 */
import { parseIpv4 } from "../../../ipv4.ts";
import { findLink } from "../../../kernel/link.ts";
import { neighboursOf, nudState, withNeighbours, type Neighbour, type NudState } from "../../../kernel/neigh.ts";
import { ok, type CommandResult } from "../../command.ts";
import { err, incomplete, matches, noDevice, out, validCidr, type Ctx } from "./ip-common.ts";

/**
 * `ip -s neigh`'s counters: probes sent for the entry as the kernel counts them. An
 * unanswered one starts at ucast_probes (3), the first solicitation makes it 4, and the
 * timer adds one each retrans_time (1 s) after, up to 6; the timer that finds 6 fails it
 * (the oracle: 4 just as `ping -W 1` gives up, 6 after `curl -m 2`).
 */
export function probesOf(n: Neighbour, state: NudState, clock: number): number {
  if (state === "FAILED") return 6;
  if (state === "INCOMPLETE") return Math.min(6, 4 + Math.max(0, Math.ceil((clock - n.at) / 1000) - 1));
  if (n.base === "delay" && state !== "DELAY") return 1;
  return n.probes;
}

/** ndm_refcnt (the table's own reference not counted): held while the kernel is busy with the entry (its timer runs). */
function refOf(state: NudState): number {
  return state === "REACHABLE" || state === "DELAY" || state === "INCOMPLETE" ? 1 : 0;
}

export function neighLine(
  n: Neighbour,
  clock: number,
  flavor: Ctx["flavor"],
  showDev: boolean,
  stats: boolean,
): string {
  const state = nudState(n, clock);
  const ref = refOf(state);
  const probes = probesOf(n, state, clock);
  const dev = showDev ? `dev ${n.dev} ` : "";
  if (flavor === "busybox") {
    const lladdr = n.mac !== undefined ? `lladdr ${n.mac}` : "";
    return `${n.addr} ${dev}${lladdr}${ref ? ` ref ${ref}` : ""} used 0/0/0 probes ${probes} ${state}\n`;
  }
  let s = `${n.addr} ${dev}`;
  if (n.mac !== undefined) s += `lladdr ${n.mac} `;
  if (stats) s += `${ref ? ` ref ${ref}` : ""} used 0/0/0probes ${probes} `;
  return `${s}${state} \n`;
}

const NUD_NAMES: Readonly<Record<string, NudState | "all">> = {
  permanent: "PERMANENT",
  reachable: "REACHABLE",
  stale: "STALE",
  delay: "DELAY",
  incomplete: "INCOMPLETE",
  failed: "FAILED",
  all: "all",
};

interface NeighFilter {
  dev?: string;
  nud?: NudState | "all";
  to?: { address: string; prefixLen: number };
}

function inPrefix(addr: string, p: { address: string; prefixLen: number }): boolean {
  if (p.prefixLen === 0) return true;
  const mask = (0xffffffff << (32 - p.prefixLen)) >>> 0;
  return (parseIpv4(addr)! & mask) >>> 0 === (parseIpv4(p.address)! & mask) >>> 0;
}

function parseFilter(c: Ctx, args: readonly string[]): { filter: NeighFilter; error?: CommandResult } {
  const f: NeighFilter = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const next = args[i + 1];
    if (a === "dev" || a === "nud" || a === "to") {
      if (next === undefined) return { filter: f, error: incomplete(c) };
      i++;
    }
    if (a === "dev") {
      if (!findLink(c.ns, next!)) return { filter: f, error: noDevice(c, next!, "find") };
      f.dev = next;
    } else if (a === "nud") {
      const s = NUD_NAMES[next!.toLowerCase()];
      if (!s) return { filter: f, error: err(c.world, `Error: argument "${next}" is wrong: nud state is bad\n`, 255) };
      f.nud = s;
    } else {
      const word = a === "to" ? next! : a;
      if (word === "all" || word === "default" || word === "any") continue;
      const p = validCidr(word);
      if (!p)
        return { filter: f, error: err(c.world, `Error: any valid prefix is expected rather than "${word}".\n`, 1) };
      f.to = p;
    }
  }
  return { filter: f };
}

function selected(c: Ctx, f: NeighFilter, flush: boolean): Neighbour[] {
  const clock = c.world.clock;
  return neighboursOf(c.world, c.ns).filter((n) => {
    if (f.dev !== undefined && n.dev !== f.dev) return false;
    if (f.to && !inPrefix(n.addr, f.to)) return false;
    const s = nudState(n, clock);
    if (f.nud !== undefined) return f.nud === "all" || f.nud === s;
    return !(flush && s === "PERMANENT");
  });
}

export function doNeigh(c: Ctx, args: readonly string[], inet6: boolean): CommandResult {
  const sub = args[0];
  const bb = c.flavor === "busybox";
  const show = sub === undefined || matches(sub, "show") || matches(sub, "list") || matches(sub, "lst");
  const flush = !show && matches(sub, "flush");
  if (show || flush) {
    if (flush && args.length < 2) {
      return bb
        ? err(c.world, 'ip: "ip neigh flush" requires an argument\n', 1)
        : err(c.world, "Flush requires arguments.\n", 1);
    }
    const { filter, error } = parseFilter(c, args.slice(1));
    if (error) return error;
    const list = inet6 ? [] : selected(c, filter, flush);
    const text = list.map((n) => neighLine(n, c.world.clock, c.flavor, filter.dev === undefined, (c.stats ?? 0) > 0));
    if (show) return out(c.world, text.join(""));
    if (bb) {
      // busybox's flush loop says so when its first round found nothing (no full stop, unlike iproute2's -s).
      if (list.length === 0) return ok(c.world, "Nothing to flush\n");
      return {
        world: c.world,
        stdout: text.join(""),
        stderr: "ip: can't send flush request: Operation not permitted\n",
        exitCode: 1,
      };
    }
    const gone = new Set(list);
    const world =
      list.length === 0
        ? c.world
        : withNeighbours(
            c.world,
            c.ns.id,
            (c.world.neigh?.[c.ns.id] ?? []).filter((n) => !gone.has(n)),
          );
    if (!c.stats) return ok(world);
    if (list.length === 0) return ok(world, "Nothing to flush.\n");
    return ok(world, `\n*** Round 1, deleting ${list.length} entries ***\n*** Flush is complete after 1 round ***\n`);
  }
  // busybox's ip neigh only shows and flushes.
  if (bb) return err(c.world, `ip: invalid argument '${sub}' to 'ip'\n`, 1);
  const op = matches(sub, "add")
    ? "add"
    : matches(sub, "replace")
      ? "replace"
      : matches(sub, "change")
        ? "change"
        : matches(sub, "delete")
          ? "del"
          : undefined;
  if (op) return change(c, args.slice(1), op);
  return err(c.world, `Command "${sub}" is unknown, try "ip neigh help".\n`, 255);
}

/** `ip neigh add|replace ADDR lladdr MAC dev D` (a PERMANENT entry) and `ip neigh del ADDR dev D`. */
function change(c: Ctx, args: readonly string[], op: "add" | "replace" | "change" | "del"): CommandResult {
  let addr: string | undefined;
  let mac: string | undefined;
  let dev: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "lladdr") mac = args[++i];
    else if (a === "dev") dev = args[++i];
    else if (a === "nud") i++;
    else addr ??= a === "to" ? args[++i] : a;
  }
  if (addr === undefined || dev === undefined)
    return err(c.world, "Device and destination are required arguments.\n", 255);
  if (parseIpv4(addr) === null) return err(c.world, `Error: inet address is expected rather than "${addr}".\n`, 1);
  const link = findLink(c.ns, dev);
  if (!link) return noDevice(c, dev, "find");
  const table = c.world.neigh?.[c.ns.id] ?? [];
  const rest = table.filter((n) => !(n.addr === addr && n.ifindex === link.ifindex));
  const exists = rest.length !== table.length;
  if (op === "del") {
    if (!exists) return err(c.world, "RTNETLINK answers: No such file or directory\n", 2);
    return ok(withNeighbours(c.world, c.ns.id, rest));
  }
  if (mac !== undefined && !/^([0-9a-f]{1,2}:){5}[0-9a-f]{1,2}$/i.test(mac))
    return err(c.world, `"${mac}" is invalid lladdr.\n`, 1);
  if (mac === undefined) return err(c.world, "Error: No link layer address given.\n", 2);
  // add is NLM_F_CREATE|NLM_F_EXCL, change NLM_F_REPLACE alone, replace both CREATE and REPLACE.
  if (op === "add" && exists) return err(c.world, "RTNETLINK answers: File exists\n", 2);
  if (op === "change" && !exists) return err(c.world, "RTNETLINK answers: No such file or directory\n", 2);
  const entry: Neighbour = {
    addr,
    dev: link.name,
    ifindex: link.ifindex,
    base: "permanent",
    at: c.world.clock,
    probes: 0,
    ...(mac !== undefined ? { mac: mac.toLowerCase() } : {}),
  };
  return ok(withNeighbours(c.world, c.ns.id, [...rest, entry]));
}
