/**
 * An upstream block of several servers (ngx_http_upstream_round_robin.c): nginx's worker
 * takes them by smooth weighted round robin (all weights 1 here, so in turn, the first one
 * first), passes a request whose connection fails to the next one not yet tried
 * (proxy_next_upstream's default `error timeout`), and, as max_fails=1 and fail_timeout=10s
 * by default, leaves a server that failed out of the turn for 10 s, with a warning (written
 * only where error_log lets warnings through: nginx-serve.ts). The turn lives in the
 * worker, so a reload or a restart begins it again.
 */
import type { WalkState } from "../kernel/stack/context.ts";
import type { KernelWorld } from "../kernel/types.ts";
import type { Scope, Upstream } from "../machines/images/nginx-conf/model.ts";
import { updateContainer } from "../docker/lookup.ts";
import type { DockerWorld, UpstreamTurn } from "../docker/types.ts";
import type { HttpRequest } from "./http.ts";
import { proxyAnswer, type Answerer, type ProxyResult } from "./nginx-proxy.ts";
import type { LoggedError } from "./nginx-proxy.ts";
import { made, statusPage } from "./nginx-site.ts";

const DISABLED = "upstream server temporarily disabled while connecting to upstream";
/** fail_timeout's default: how long a failed server sits out. */
const FAIL_TIMEOUT_MS = 10_000;

/** A turn being worked on: a copy, as the world's own stays as it was. */
interface Turn {
  current: number;
  failedAt?: number;
}

function turnsOf(st: WalkState, id: string, group: string, n: number): Turn[] {
  const dw = "docker" in st.world ? (st.world as KernelWorld & DockerWorld) : undefined;
  const kept = dw?.docker.containers.find((x) => x.id === id)?.upstreamTurns?.[group];
  return kept && kept.length === n ? kept.map((t) => ({ ...t })) : Array.from({ length: n }, () => ({ current: 0 }));
}

function keepTurns(st: WalkState, id: string, group: string, turns: readonly UpstreamTurn[]): void {
  if (!("docker" in st.world)) return;
  const dw = st.world as KernelWorld & DockerWorld;
  st.world = updateContainer(dw, id, (x) => ({ ...x, upstreamTurns: { ...x.upstreamTurns, [group]: turns } }));
}

/** ngx_http_upstream_get_peer: the live, untried server whose turn it is, or -1. */
function pick(turns: Turn[], tried: ReadonlySet<number>, now: number): number {
  let best = -1;
  let total = 0;
  for (let i = 0; i < turns.length; i++) {
    const t = turns[i]!;
    if (tried.has(i) || (t.failedAt !== undefined && now - t.failedAt <= FAIL_TIMEOUT_MS)) continue;
    t.current += 1;
    total += 1;
    if (best < 0 || t.current > turns[best]!.current) best = i;
  }
  if (best >= 0) turns[best]!.current -= total;
  return best;
}

/**
 * proxy_pass to `up` from container `id`: one server, or an upstream block's servers in
 * turn. `opened` counts each connection nginx opens to an upstream.
 */
export function proxyToUpstream(
  st: WalkState,
  id: string,
  netns: string,
  up: Upstream,
  scope: Scope,
  req: HttpRequest,
  uri: string,
  answer: Answerer,
  opened: () => void,
): ProxyResult {
  if (!up.group) {
    opened();
    return proxyAnswer(st, netns, up, scope, req, uri, answer);
  }
  const { name, peers } = up.group;
  const turns = turnsOf(st, id, name, peers.length);
  const tried = new Set<number>();
  // For each failed server, its error and then the warning that it sits out.
  const logged: LoggedError[] = [];
  let last: ProxyResult | undefined;
  // Each round tries a server not tried before, so the servers bound it.
  for (let round = 0; round < peers.length; round++) {
    const i = pick(turns, tried, st.world.clock);
    if (i < 0) break;
    tried.add(i);
    opened();
    const r = proxyAnswer(st, netns, { ...up, ...peers[i]! }, scope, req, uri, answer);
    if (r.error === undefined) {
      turns[i] = { current: turns[i]!.current };
      keepTurns(st, id, name, turns);
      return logged.length > 0 ? { ...r, tried: logged } : r;
    }
    turns[i] = { current: turns[i]!.current, failedAt: st.world.clock };
    const at = r.upstream !== undefined ? { upstream: r.upstream } : {};
    logged.push({ msg: r.error, ...at }, { msg: DISABLED, level: "warn", ...at });
    last = r;
  }
  keepTurns(st, id, name, turns);
  // The last failure is the request's own (error_page may take it); its warning follows it.
  if (last) return { ...last, tried: logged.slice(0, -2), after: logged.slice(-1) };
  return {
    response: made(st.world.clock, 502, "text/html", statusPage(502)),
    error: "no live upstreams while connecting to upstream",
    upstream: `http://${name}${uri}`,
  };
}
