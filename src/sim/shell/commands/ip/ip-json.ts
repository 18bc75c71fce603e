/**
 * `ip -j` (and `-j -p`): iproute2 6.1 prints the same records as JSON. The lab's text
 * output already holds every field iproute2 puts there, in iproute2's order, so the
 * records are read back from it: links and their addresses, routes (`show` and `get`),
 * neighbours, and the brief forms. The writer is lib/json_writer.c's, pretty or not.
 */

/** A JSON value as json_writer prints it: objects keep their keys' order. */
export type Json = string | number | null | readonly Json[] | JsonObject;
interface JsonObject {
  readonly fields: readonly (readonly [string, Json])[];
}

export const obj = (fields: [string, Json][]): JsonObject => ({ fields });

/** json_writer.c: `[ {` opens, 4 spaces a level, `},{` between objects, `[ "a","b" ]` inline. */
export function writeJson(value: readonly Json[], pretty: boolean): string {
  let s = "";
  let depth = 0;
  let sep = "";
  const eol = () => {
    if (pretty) s += "\n" + "    ".repeat(depth);
  };
  const eor = () => {
    s += sep;
    sep = ",";
  };
  const begin = (c: string) => {
    eor();
    s += c;
    depth++;
    sep = "";
  };
  const end = (c: string) => {
    depth--;
    if (sep !== "") eol();
    s += c;
    sep = ",";
  };
  const put = (v: Json) => {
    if (typeof v === "string" || typeof v === "number" || v === null) {
      eor();
      s += JSON.stringify(v);
    } else if (Array.isArray(v)) {
      begin("[");
      if (pretty) s += " ";
      for (const x of v as readonly Json[]) put(x);
      if (pretty && sep !== "") s += " ";
      sep = "";
      end("]");
    } else {
      begin("{");
      for (const [k, x] of (v as JsonObject).fields) {
        eor();
        eol();
        sep = "";
        s += JSON.stringify(k) + (pretty ? ": " : ":");
        put(x);
      }
      end("}");
    }
  };
  put(value);
  return s + "\n";
}

const FOREVER = 4294967295;

/** `ip -j addr` / `ip -j link`: the link records of the text, with their addresses when `addrs`. */
export function linksJson(text: string, addrs: boolean): Json[] {
  const out: Json[] = [];
  let cur: [string, Json][] | undefined;
  let infos: Json[] = [];
  let info: [string, Json][] | undefined;
  let stats: StatsText | undefined;
  let pending: string | undefined;
  const flush = () => {
    if (!cur) return;
    if (stats) cur.push(["stats64", stats64(stats)]);
    stats = undefined;
    if (addrs) cur.push(["addr_info", infos]);
    out.push(obj(cur));
  };
  for (const line of text.split("\n")) {
    const head = /^(\d+): ([^:@]+)(?:@([^:]+))?: <([^>]*)> (.*)$/.exec(line);
    if (head) {
      flush();
      infos = [];
      cur = [["ifindex", Number(head[1])]];
      const link = /^if(\d+)$/.exec(head[3] ?? "");
      if (link) cur.push(["link_index", Number(link[1])]);
      cur.push(["ifname", head[2]!], ["flags", head[4]!.split(",").filter(Boolean)]);
      const w = head[5]!.trim().split(/\s+/);
      const names: Record<string, string> = {
        mtu: "mtu", qdisc: "qdisc", master: "master", state: "operstate", mode: "linkmode", group: "group", qlen: "txqlen",
        "link-netnsid": "link_netnsid", "link-netns": "link_netns",
      }; // prettier-ignore
      const numeric = ["mtu", "txqlen", "link_netnsid"];
      for (let i = 0; i + 1 < w.length; i += 2) {
        const key = names[w[i]!];
        if (key) cur.push([key, numeric.includes(key) ? Number(w[i + 1]) : w[i + 1]!]);
      }
      continue;
    }
    if (!cur) continue;
    const heading = /^ {4}(RX|TX)(:| errors:)/.exec(line);
    if (heading) {
      stats ??= {};
      pending = `${heading[1]}${heading[2] === ":" ? "" : " errors"}`;
      continue;
    }
    if (pending && stats) {
      stats[pending] = line.trim().split(/\s+/).map(Number);
      pending = undefined;
      continue;
    }
    const l2 = /^ {4}link\/(\S+)(?: (\S+))?(?: brd (\S+))?(?: link-netnsid (\d+))?/.exec(line);
    if (l2) {
      cur.push(["link_type", l2[1]!]);
      if (l2[2]) cur.push(["address", l2[2]]);
      if (l2[3]) cur.push(["broadcast", l2[3]]);
      if (l2[4]) cur.push(["link_netnsid", Number(l2[4])]);
      continue;
    }
    const a = /^ {4}(inet6?) (\S+)\/(\d+)(.*)$/.exec(line);
    if (a) {
      info = [
        ["family", a[1]!],
        ["local", a[2]!],
        ["prefixlen", Number(a[3])],
      ];
      const w = a[4]!.trim().split(/\s+/).filter(Boolean);
      for (let i = 0; i < w.length; i++) {
        if (w[i] === "brd") info.push(["broadcast", w[++i]!]);
        else if (w[i] === "scope") info.push(["scope", w[++i]!]);
        else if (i === w.length - 1 && a[1] === "inet") info.push(["label", w[i]!]);
      }
      continue;
    }
    const life = /^ {7}valid_lft (\S+) preferred_lft (\S+)/.exec(line);
    if (life && info) {
      const n = (v: string) => (v === "forever" ? FOREVER : Number(v.replace(/sec$/, "")));
      info.push(["valid_life_time", n(life[1]!)], ["preferred_life_time", n(life[2]!)]);
      infos.push(obj(info));
      info = undefined;
    }
  }
  flush();
  return out;
}

/** The value rows under `ip -s link`'s RX:/TX: headings (and -s -s's errors), by heading. */
type StatsText = Record<string, number[]>;

/**
 * print_stats64()'s JSON: its own names and order, which differ from the text's columns
 * (the text's `missed` is rx_missed_errors, JSON's fourth after packets is over_errors).
 */
function stats64(t: StatsText): JsonObject {
  const at = (k: string, i: number) => t[k]?.[i] ?? 0;
  const rx: [string, Json][] = [
    ["bytes", at("RX", 0)], ["packets", at("RX", 1)], ["errors", at("RX", 2)], ["dropped", at("RX", 3)],
    ["over_errors", at("RX errors", 4)], ["multicast", at("RX", 5)],
  ]; // prettier-ignore
  if (t["RX errors"])
    rx.push(
      ["length_errors", at("RX errors", 0)], ["crc_errors", at("RX errors", 1)], ["frame_errors", at("RX errors", 2)],
      ["fifo_errors", at("RX errors", 3)], ["missed_errors", at("RX", 4)],
    ); // prettier-ignore
  const tx: [string, Json][] = [
    ["bytes", at("TX", 0)], ["packets", at("TX", 1)], ["errors", at("TX", 2)], ["dropped", at("TX", 3)],
    ["carrier_errors", at("TX", 4)], ["collisions", at("TX", 5)],
  ]; // prettier-ignore
  if (t["TX errors"]) {
    tx.push(
      ["aborted_errors", at("TX errors", 0)], ["fifo_errors", at("TX errors", 1)],
      ["window_errors", at("TX errors", 2)], ["heartbeat_errors", at("TX errors", 3)],
    ); // prettier-ignore
    tx.push(["carrier_changes", at("TX errors", 4)]);
  }
  return obj([
    ["rx", obj(rx)],
    ["tx", obj(tx)],
  ]);
}

/** `ip -j -br addr` / `ip -j -br link`: name, state, then the addresses or the MAC and flags. */
export function briefJson(text: string, addrs: boolean): Json[] {
  return text
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((line) => {
      const [name = "", state = "", ...rest] = line.trim().split(/\s+/);
      const [ifname = "", peer] = name.split("@");
      const f: [string, Json][] = [];
      const link = /^if(\d+)$/.exec(peer ?? "");
      if (link) f.push(["link_index", Number(link[1])]);
      f.push(["ifname", ifname], ["operstate", state]);
      if (addrs) {
        const infos = rest.map((p) => {
          const [local = "", len = ""] = p.split("/");
          return obj([
            ["local", local],
            ["prefixlen", Number(len)],
          ]);
        });
        f.push(["addr_info", infos]);
      } else {
        if (rest[0]) f.push(["address", rest[0]]);
        f.push(["flags", (rest[1] ?? "").replace(/[<>]/g, "").split(",").filter(Boolean)]);
      }
      return obj(f);
    });
}

const ROUTE_KEYS: Readonly<Record<string, string>> = {
  from: "from",
  via: "gateway",
  dev: "dev",
  table: "table",
  proto: "protocol",
  scope: "scope",
  src: "prefsrc",
  metric: "metric",
  mark: "mark",
  uid: "uid",
};
const ROUTE_TYPES = new Set(["local", "broadcast", "multicast", "unreachable", "prohibit", "blackhole", "anycast"]);
const ROUTE_FLAGS = new Set(["linkdown", "onlink", "dead", "pervasive", "offload", "trap", "rt_offload_failed"]);

/** `ip -j route` (show or get): each route a record; `flags` always, before `uid` as iproute2 prints it. */
export function routesJson(text: string): Json[] {
  const out: Json[] = [];
  let cur: [string, Json][] | undefined;
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    const w = line.trim().split(/\s+/);
    if (/^\s/.test(line) && cur && w[0] === "cache") {
      const cache = w.slice(1).filter((x) => x.startsWith("<"));
      cur.push(["cache", cache.flatMap((x) => x.replace(/[<>]/g, "").split(","))]);
      const iif = w.indexOf("iif");
      if (iif > 0) cur.push(["iif", w[iif + 1]!]);
      continue;
    }
    cur = [];
    out.push(obj(cur));
    let i = 0;
    if (ROUTE_TYPES.has(w[0]!)) cur.push(["type", w[i++]!]);
    cur.push(["dst", w[i++]!]);
    const flags: string[] = [];
    let flagsPut = false;
    for (; i < w.length; i++) {
      const k = w[i]!;
      if (ROUTE_FLAGS.has(k)) {
        flags.push(k);
        continue;
      }
      const key = ROUTE_KEYS[k];
      if (!key) continue;
      if (key === "uid") {
        cur.push(["flags", flags]);
        flagsPut = true;
      }
      const v = w[++i]!;
      cur.push([key, key === "metric" || key === "uid" || key === "mark" ? Number(v) : v]);
    }
    if (!flagsPut) cur.push(["flags", flags]);
  }
  return out;
}

/** `ip -j neigh`: address, device (unless chosen), MAC, and the state as a list. */
export function neighJson(text: string): Json[] {
  return text
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((line) => {
      const w = line.trim().split(/\s+/);
      const f: [string, Json][] = [["dst", w[0]!]];
      const states: string[] = [];
      for (let i = 1; i < w.length; i++) {
        if (w[i] === "dev") f.push(["dev", w[++i]!]);
        else if (w[i] === "lladdr") f.push(["lladdr", w[++i]!]);
        else if (w[i] === "router") f.push(["router", null]);
        else if (/^[A-Z]+$/.test(w[i]!)) states.push(w[i]!);
      }
      f.push(["state", states]);
      return obj(f);
    });
}
