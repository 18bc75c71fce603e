/**
 * `docker events` / `docker system events`: the daemon's event log (docker/events.ts) read
 * back. `--since`/`--until` are turned into Unix seconds by the CLI (a duration such as
 * `1m` or `0s` counts back from now and drops the fraction, so `--until 0s` leaves out
 * what happened in the current second); the daemon replays what falls between them and
 * matches `--filter` as moby's events filter does. With no `--until` the CLI waits for
 * more: the lab stops it at once, as Ctrl-C would.
 */
import { eventsOf, type DockerEvent } from "../../../docker/events.ts";
import { renderTemplate } from "../../../docker/template.ts";
import { parseGoDuration } from "../../../docker/go-duration.ts";
import { typed } from "../../../docker/go-value.ts";
import type { World } from "../../../world.ts";
import type { CommandResult } from "../../command.ts";
import { argsError, flagError } from "./cli-texts.ts";
import { parseFlags, value, values } from "./flags.ts";

const SPEC = {
  bools: [],
  values: ["--since", "--until", "-f", "--filter", "--format"],
  aliases: { "-f": "--filter" },
};

/**
 * The CLI's GetTimestamp, as milliseconds: a duration back from now (whole seconds), a
 * Unix time, or an RFC 3339 date (the lab's zone is UTC); undefined when it is none.
 */
export function cliTimestamp(s: string, nowMs: number): number | undefined {
  const d = s === "0" ? undefined : parseGoDuration(s);
  if (d !== undefined && "ns" in d) return Math.floor((nowMs - d.ns / 1e6) / 1000) * 1000;
  if (/^\d+(\.\d{1,9})?$/.test(s)) return Math.floor(Number(s) * 1000);
  const m = /^(\d{4})-(\d\d)-(\d\d)(?:T(\d\d)(?::(\d\d)(?::(\d\d)(\.\d+)?)?)?)?(Z|[+-]\d\d:\d\d)?$/.exec(s);
  if (!m) return undefined;
  const [, y, mo, da, h = "0", mi = "0", se = "0", frac = "", zone = "Z"] = m;
  const base = Date.UTC(Number(y), Number(mo) - 1, Number(da), Number(h), Number(mi), Number(se));
  const off = zone === "Z" ? 0 : (zone[0] === "-" ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4)));
  return base - off * 60_000 + Math.floor(Number(frac || "0") * 1000);
}

type Filters = ReadonlyMap<string, readonly string[]>;

/** filters.FuzzyMatch: no value for the key matches; else one value equal to, or a prefix of, the source. */
function fuzzy(f: Filters, key: string, source: string | undefined): boolean {
  const want = f.get(key);
  if (!want) return true;
  return source !== undefined && want.some((v) => source === v || source.startsWith(v));
}

function exact(f: Filters, key: string, source: string | undefined): boolean {
  const want = f.get(key);
  return !want || (source !== undefined && want.includes(source));
}

function stripTag(ref: string): string {
  const i = ref.lastIndexOf(":");
  return i > 0 && !ref.slice(i).includes("/") ? ref.slice(0, i) : ref;
}

/** moby's events Filter.Include for the filters the lab's events can meet. */
function included(f: Filters, ev: DockerEvent): boolean {
  const name = ev.attributes["name"];
  const byName = (key: string) => fuzzy(f, key, ev.id) || fuzzy(f, key, name);
  const image = ev.type === "image" ? name : ev.attributes["image"];
  const imageOk =
    !f.has("image") ||
    [ev.id, image, stripTag(ev.id), image === undefined ? undefined : stripTag(image)].some(
      (s) => exact(f, "image", s) && s !== undefined,
    );
  const labels = f.get("label");
  const labelOk =
    !labels ||
    labels.every((l) => {
      const eq = l.indexOf("=");
      return eq < 0 ? Object.hasOwn(ev.attributes, l) : ev.attributes[l.slice(0, eq)] === l.slice(eq + 1);
    });
  return (
    exact(f, "event", ev.action) &&
    exact(f, "type", ev.type) &&
    exact(f, "scope", "local") &&
    byName("container") &&
    byName("network") &&
    imageOk &&
    labelOk &&
    !f.has("volume") &&
    !f.has("plugin") &&
    !f.has("node") &&
    !f.has("service") &&
    !f.has("secret") &&
    !f.has("config")
  );
}

/** RFC3339NanoFixed in UTC: `2026-11-29T16:19:00.700000000Z`. */
function nanoTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$1000000Z");
}

function sortedAttributes(ev: DockerEvent): Record<string, string> {
  return Object.fromEntries(Object.entries(ev.attributes).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** events.Message as the API sends it: the deprecated status/id/from only on container and image events. */
function messageOf(ev: DockerEvent): Record<string, unknown> {
  const legacy: { status?: string; id?: string; from?: string } =
    ev.type === "container"
      ? { status: ev.action, id: ev.id, from: ev.attributes["image"] ?? "" }
      : ev.type === "image"
        ? { status: ev.action, id: ev.id }
        : {};
  const json = {
    ...legacy,
    Type: ev.type,
    Action: ev.action,
    // map[string]string: a key it lacks prints `<no value>`.
    Actor: { ID: ev.id, Attributes: typed(sortedAttributes(ev), { map: "s" }) },
    scope: "local",
    time: Math.floor(ev.time / 1000),
    timeNano: ev.time * 1_000_000,
  };
  // A template names the Go fields (Status, Scope, TimeNano); `json` prints their tags only.
  const fields: Record<string, unknown> = {
    Status: json.status ?? "",
    ID: json.id ?? "",
    From: json.from ?? "",
    Scope: json.scope,
    Time: json.time,
    TimeNano: json.timeNano,
  };
  for (const [k, v] of Object.entries(fields)) Object.defineProperty(json, k, { value: v, enumerable: false });
  return json;
}

function defaultLine(ev: DockerEvent): string {
  const attrs = Object.entries(sortedAttributes(ev))
    .map(([k, v]) => `${k}=${v}`)
    .join(", ");
  return `${nanoTime(ev.time)} ${ev.type} ${ev.action} ${ev.id}${attrs ? ` (${attrs})` : ""}`;
}

export function dockerEvents(argv: readonly string[], world: World, name = "events"): CommandResult {
  const p = parseFlags(argv, SPEC);
  if (!p.ok) return flagError(world, name, p.error);
  if (p.parsed.args.length > 0) return argsError(world, name, { kind: "none" });
  const filters = new Map<string, string[]>();
  for (const f of values(p.parsed, "--filter")) {
    const eq = f.indexOf("=");
    if (eq < 0) return { world, stdout: "", stderr: `bad format of filter (expected name=value)\n`, exitCode: 125 };
    const k = f.slice(0, eq).trim().toLowerCase();
    filters.set(k, [...(filters.get(k) ?? []), f.slice(eq + 1)]);
  }
  const bound = (flagName: string): number | undefined | "bad" => {
    const v = value(p.parsed, flagName);
    if (v === undefined || v === "") return undefined;
    return cliTimestamp(v, world.clock) ?? "bad";
  };
  const since = bound("--since");
  const until = bound("--until");
  for (const [t, f] of [
    [since, "--since"],
    [until, "--until"],
  ] as const) {
    if (t === "bad")
      return {
        world,
        stdout: "",
        stderr: `failed to parse value as time or duration: "${value(p.parsed, f)}"\n`,
        exitCode: 1,
      };
  }
  const s = since as number | undefined;
  const u = until as number | undefined;
  // The daemon replays its buffer only when asked for a window; the stream brings the rest.
  const replay = s === undefined && u === undefined ? [] : eventsOf(world);
  const shown = replay.filter((ev) => (s === undefined || ev.time >= s) && (u === undefined || ev.time <= u));
  const picked = shown.filter((ev) => included(filters, ev));
  const format = value(p.parsed, "--format");
  let stdout = "";
  for (const ev of picked) {
    if (format === undefined || format === "") {
      stdout += defaultLine(ev) + "\n";
      continue;
    }
    const src = format === "json" ? "{{json .}}" : format;
    const r = renderTemplate(src, messageOf(ev));
    if (!r.ok) return { world, stdout, stderr: `${r.parse ? "" : "template: "}${r.error}\n`, exitCode: 1 };
    stdout += r.text + "\n";
  }
  if (u !== undefined && u <= world.clock) return { world, stdout, stderr: "", exitCode: 0 };
  // Waiting for events to come: stopped at once, as Ctrl-C would.
  return { world, stdout, stderr: "", exitCode: 130, blocked: true };
}
