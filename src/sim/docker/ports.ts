/**
 * `-p` parsing as the Docker 26 CLI does it (go-connections v0.4.0 nat.ParsePortSpec,
 * whose errors are capitalised), the order the daemon binds ports in (nat.SortPortMap)
 * and the ways the CLI prints them (`docker ps` PORTS, `docker port`).
 * Pure: no world, no allocation (see publish.ts for the allocator).
 */
import { parseIpv4 } from "../ipv4.ts";
import type { PortBinding, PortRequest, Proto } from "./types.ts";

export type ParsePortsResult =
  { readonly ok: true; readonly requests: readonly PortRequest[] } | { readonly ok: false; readonly error: string };

function parseUint16(s: string): number | null {
  if (!/^\d+$/.test(s)) return null;
  const n = Number(s);
  return n <= 65535 ? n : null;
}

/** nat.ParsePortRange: `80` or `8000-8010`. */
export function parsePortRange(s: string): [number, number] | null {
  if (s === "") return null;
  if (!s.includes("-")) {
    const n = parseUint16(s);
    return n === null ? null : [n, n];
  }
  const [a = "", b = ""] = s.split("-");
  const start = parseUint16(a);
  const end = parseUint16(b);
  if (start === null || end === null || end < start) return null;
  return [start, end];
}

/** strconv.ParseUint(s, 10, 16)'s error, as nat.ParsePortRange passes it on. */
function parseUintError(s: string): string {
  const why = /^\d+$/.test(s) ? "value out of range" : "invalid syntax";
  return `strconv.ParseUint: parsing ${JSON.stringify(s)}: ${why}`;
}

/** nat.ParsePortRange's error for a value parsePortRange refuses. */
function portRangeError(s: string): string {
  if (s === "") return "Empty string specified for ports.";
  if (!s.includes("-")) return parseUintError(s);
  const [a = "", b = ""] = s.split("-");
  if (parseUint16(a) === null) return parseUintError(a);
  if (parseUint16(b) === null) return parseUintError(b);
  return `Invalid range specified for the Port: ${s}`;
}

/**
 * One `--expose` value (`port[/proto]` or `start-end[/proto]`) as the CLI reads it, to
 * ExposedPorts keys. The CLI checks no protocol here (`80/xyz` is kept as it is).
 */
export function parseExposeSpec(
  raw: string,
): { readonly ok: true; readonly keys: readonly string[] } | { readonly ok: false; readonly error: string } {
  if (raw.includes(":")) return { ok: false, error: `invalid port format for --expose: ${raw}` };
  const [proto, port] = splitProtoPort(raw);
  const range = parsePortRange(port);
  if (!range) return { ok: false, error: `invalid range format for --expose: ${raw}, error: ${portRangeError(port)}` };
  const keys: string[] = [];
  for (let p = range[0]; p <= range[1]; p++) keys.push(`${p}/${proto}`);
  return { ok: true, keys };
}

function splitProtoPort(raw: string): [string, string] {
  const parts = raw.split("/");
  if (raw.length === 0 || parts[0]!.length === 0) return ["", ""];
  if (parts.length === 1) return ["tcp", raw];
  if (parts[1]!.length === 0) return ["tcp", parts[0]!];
  return [parts[1]!, parts[0]!];
}

function isIp(s: string): boolean {
  return parseIpv4(s) !== null || (/^[0-9a-fA-F:]+$/.test(s) && s.includes(":"));
}

/**
 * The CLI's convertToStandardNotation, run over every `-p` value before any is parsed:
 * the long syntax `docker service` documents (`published=8080,target=80,protocol=udp`)
 * becomes `8080:80/udp`; a key it does not know (`mode=host`) is read and ignored, and a
 * missing one prints as Go prints a map's absent string, empty.
 */
function standardNotation(
  raw: string,
): { readonly ok: true; readonly spec: string } | { readonly ok: false; readonly error: string } {
  if (!raw.includes("=")) return { ok: true, spec: raw };
  const params = new Map<string, string>([["protocol", "tcp"]]);
  for (const param of raw.split(",")) {
    const eq = param.indexOf("=");
    if (eq <= 0) return { ok: false, error: `invalid publish opts format (should be name=value but got '${param}')` };
    params.set(param.slice(0, eq), param.slice(eq + 1));
  }
  const get = (k: string) => params.get(k) ?? "";
  return { ok: true, spec: `${get("published")}:${get("target")}/${get("protocol")}` };
}

/** One `-p` value, expanded to one request per container port. */
export function parsePortSpec(raw: string): ParsePortsResult {
  const parts = raw.split(":");
  const n = parts.length;
  let rawIp = "";
  let hostPort = "";
  let containerPart = parts[n - 1]!;
  if (n === 2) hostPort = parts[0]!;
  else if (n === 3) [rawIp, hostPort] = [parts[0]!, parts[1]!];
  else if (n > 3) [rawIp, hostPort] = [parts.slice(0, n - 2).join(":"), parts[n - 2]!];
  const [proto, containerPort] = splitProtoPort(containerPart);
  containerPart = containerPort;
  // The CLI splits an unbracketed address from its port as Go's net.SplitHostPort does, which refuses IPv6 there.
  if (rawIp.includes(":") && !rawIp.startsWith("["))
    return { ok: false, error: `Invalid ip address ${rawIp}: address ${rawIp}:: too many colons in address` };
  const ip = rawIp.startsWith("[") && rawIp.endsWith("]") ? rawIp.slice(1, -1) : rawIp;
  if (ip !== "" && !isIp(ip)) return { ok: false, error: `Invalid ip address: ${ip}` };
  if (containerPart === "") return { ok: false, error: `No port specified: ${raw}<empty>` };
  const cRange = parsePortRange(containerPart);
  if (!cRange) return { ok: false, error: `Invalid containerPort: ${containerPart}` };
  let hRange: [number, number] = [0, 0];
  if (hostPort.length > 0) {
    const h = parsePortRange(hostPort);
    if (!h) return { ok: false, error: `Invalid hostPort: ${hostPort}` };
    hRange = h;
  }
  const [cs, ce] = cRange;
  const [hs, he] = hRange;
  if (hostPort !== "" && ce - cs !== he - hs && ce !== cs) {
    return {
      ok: false,
      error: `Invalid ranges specified for container and host Ports: ${containerPart} and ${hostPort}`,
    };
  }
  const lower = proto.toLowerCase();
  if (lower !== "tcp" && lower !== "udp" && lower !== "sctp") return { ok: false, error: `Invalid proto: ${proto}` };
  const requests: PortRequest[] = [];
  for (let i = 0; i <= ce - cs; i++) {
    // A single container port with a host range uses the range as an allocation pool.
    const pool = cs === ce && hs !== he;
    requests.push({
      hostIp: ip,
      hostPortFrom: hostPort === "" ? 0 : pool ? hs : hs + i,
      hostPortTo: hostPort === "" ? 0 : pool ? he : hs + i,
      containerPort: cs + i,
      proto: lower,
    });
  }
  return { ok: true, requests };
}

export function portKey(port: number, proto: Proto): string {
  return `${port}/${proto}`;
}

/**
 * The daemon's binding order (go-connections SortPortMap, through Go's insertion
 * sort for short lists): explicit host ports first, higher ones earlier, then higher
 * container ports, tcp before the other protocols of one port. The comparator is not
 * a strict order, so the insertion sort itself is reproduced. SortPortMap then lists
 * each container port once, where its first binding landed, with all of its bindings.
 * The sort is fed from the ExposedPorts map, which matters only where the comparator
 * contradicts itself (`-p 127.0.0.1:8080:80 -p 443:443`, `-p 127.0.0.1:9090:80 -p 9091:80/udp`):
 * a map this small is one Go bucket, filled in the keys' JSON (sorted) order and read from
 * a random slot, so it mostly yields the keys sorted, each port's bindings as `-p` gave them.
 * (The exposed ports no `-p` names join the real sort too; the lab leaves them out.)
 */
export function sortPortRequests(reqs: readonly PortRequest[]): PortRequest[] {
  const key = (r: PortRequest) => portKey(r.containerPort, r.proto);
  const a = [...reqs].sort((x, y) => (key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : 0));
  const less = (x: PortRequest, y: PortRequest) =>
    x.hostPortFrom > y.hostPortFrom ||
    x.containerPort > y.containerPort ||
    (x.containerPort === y.containerPort && x.proto === "tcp");
  for (let i = 1; i < a.length; i++) {
    for (let j = i; j > 0 && less(a[j]!, a[j - 1]!); j--) {
      [a[j], a[j - 1]] = [a[j - 1]!, a[j]!];
    }
  }
  const byPort = new Map<string, PortRequest[]>();
  for (const r of a) byPort.set(key(r), [...(byPort.get(key(r)) ?? []), r]);
  return [...byPort.values()].flat();
}

/** A port as the container list API reports it: a binding, or an exposed port with no IP. */
export interface ApiPort {
  readonly ip: string;
  readonly privatePort: number;
  readonly publicPort: number;
  readonly type: Proto;
}

/** The container list API's Ports: bindings, plus exposed ports that have none. */
export function apiPorts(exposed: readonly string[], bindings: readonly PortBinding[]): ApiPort[] {
  const out: ApiPort[] = [];
  for (const key of exposed) {
    const [p, t] = key.split("/");
    const port = Number(p);
    const proto = (t ?? "tcp") as Proto;
    const bound = bindings.filter((b) => b.containerPort === port && b.proto === proto);
    if (bound.length === 0) out.push({ ip: "", privatePort: port, publicPort: 0, type: proto });
  }
  for (const b of bindings)
    out.push({ ip: b.hostIp, privatePort: b.containerPort, publicPort: b.hostPort, type: b.proto });
  return out;
}

function formGroup(key: string, start: number, last: number, portIp: (ip: string) => string): string {
  const slash = key.lastIndexOf("/");
  const ip = slash >= 0 ? key.slice(0, slash) : "";
  const type = slash >= 0 ? key.slice(slash + 1) : key;
  let group = String(start);
  if (start !== last) group = `${group}-${last}`;
  if (ip !== "") group = `${portIp(ip)}:${group}->${group}`;
  return `${group}/${type}`;
}

/** cli/command/formatter DisplayablePorts; `portIp` prints a host IP as the CLI's version does (26: `::`, 28: `[::]`). */
export function displayablePorts(ports: readonly ApiPort[], portIp: (ip: string) => string = (ip) => ip): string {
  const sorted = [...ports].sort((i, j) => {
    if (i.privatePort !== j.privatePort) return i.privatePort - j.privatePort;
    if (i.ip !== j.ip) return i.ip < j.ip ? -1 : 1;
    if (i.publicPort !== j.publicPort) return i.publicPort - j.publicPort;
    return i.type < j.type ? -1 : i.type > j.type ? 1 : 0;
  });
  const groups = new Map<string, { first: number; last: number }>();
  const keys: string[] = [];
  const result: string[] = [];
  const hostMappings: string[] = [];
  for (const port of sorted) {
    const current = port.privatePort;
    let key: string = port.type;
    if (port.ip !== "") {
      if (port.publicPort !== current) {
        hostMappings.push(`${portIp(port.ip)}:${port.publicPort}->${port.privatePort}/${port.type}`);
        continue;
      }
      key = `${port.ip}/${port.type}`;
    }
    const group = groups.get(key);
    if (!group) {
      groups.set(key, { first: current, last: current });
      keys.push(key);
      continue;
    }
    if (current === group.last + 1) {
      group.last = current;
      continue;
    }
    result.push(formGroup(key, group.first, group.last, portIp));
    groups.set(key, { first: current, last: current });
  }
  for (const key of keys) {
    const g = groups.get(key)!;
    result.push(formGroup(key, g.first, g.last, portIp));
  }
  return [...result, ...hostMappings].join(", ");
}

/** net.JoinHostPort: IPv6 hosts in brackets. */
export function joinHostPort(host: string, port: number | string): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}

/** sortorder.NaturalLess: digit runs compare as numbers. */
export function naturalLess(a: string, b: string): boolean {
  const re = /(\d+|\D+)/g;
  const ca = a.match(re) ?? [];
  const cb = b.match(re) ?? [];
  for (let i = 0; i < Math.min(ca.length, cb.length); i++) {
    const x = ca[i]!;
    const y = cb[i]!;
    if (x === y) continue;
    const dx = /^\d/.test(x);
    const dy = /^\d/.test(y);
    if (dx && dy) {
      const nx = Number(x);
      const ny = Number(y);
      if (nx !== ny) return nx < ny;
      return x.length < y.length;
    }
    return x < y;
  }
  return ca.length < cb.length;
}

/** Every `-p` of one `docker run`: all converted to the short form first, then each parsed. */
export function parsePublishSpecs(raws: readonly string[]): ParsePortsResult {
  const specs: string[] = [];
  for (const raw of raws) {
    const c = standardNotation(raw);
    if (!c.ok) return c;
    specs.push(c.spec);
  }
  const requests: PortRequest[] = [];
  for (const spec of specs) {
    const r = parsePortSpec(spec);
    if (!r.ok) return r;
    requests.push(...r.requests);
  }
  return { ok: true, requests };
}
