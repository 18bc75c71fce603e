/**
 * How nginx picks the location a URI is served by (ngx_http_core_find_location): an exact
 * `=` match ends the search; else the longest prefix is remembered, its nested locations
 * searched first, and unless it is `^~` the regular expressions at its level are tried in
 * file order, the first match winning; the remembered prefix serves when none matches.
 */
import type { NginxLocation, ScriptOp } from "./model.ts";

export interface Found {
  /** The locations from the outermost in, the innermost serving. */
  readonly levels: NginxLocation[];
  /** $0, $1, … of the regular expression that picked it, when one did. */
  readonly captures?: readonly string[];
}

const compiled = new WeakMap<object, RegExp | null>();

/** A location's or a rewrite's expression as JavaScript runs it (PCRE's common syntax is the same). */
export function regexOf(owner: NginxLocation | ScriptOp, source: string, caseless: boolean): RegExp | null {
  let re = compiled.get(owner);
  if (re === undefined) {
    try {
      re = new RegExp(source, caseless ? "i" : "");
    } catch {
      re = null;
    }
    compiled.set(owner, re);
  }
  return re;
}

function regexMatch(l: NginxLocation, uri: string): readonly string[] | undefined {
  const m = regexOf(l, l.path, l.mod === "~*")?.exec(uri);
  return m ? m.map((x) => x ?? "") : undefined;
}

export function findLocation(locations: readonly NginxLocation[], uri: string, depth = 0): Found {
  const exact = locations.find((l) => l.mod === "=" && l.path === uri);
  if (exact) return { levels: [exact] };
  let best: NginxLocation | undefined;
  for (const l of locations) {
    if ((l.mod === "" || l.mod === "^~") && uri.startsWith(l.path) && (!best || l.path.length > best.path.length))
      best = l;
  }
  // Nesting is bounded by the configuration's depth; the guard only keeps a malformed model finite.
  if (best && depth < 16) {
    const inner = findLocation(best.locations, uri, depth + 1);
    if (inner.captures) return { levels: [best, ...inner.levels], captures: inner.captures };
    if (best.mod === "^~") return { levels: [best, ...inner.levels] };
    for (const l of locations) {
      if (l.mod !== "~" && l.mod !== "~*") continue;
      const captures = regexMatch(l, uri);
      if (captures) return { levels: [l], captures };
    }
    return { levels: [best, ...inner.levels] };
  }
  for (const l of locations) {
    if (l.mod !== "~" && l.mod !== "~*") continue;
    const captures = regexMatch(l, uri);
    if (captures) return { levels: [l], captures };
  }
  return { levels: [] };
}

/** The location a URI is served by, outermost first. */
export function locationFor(locations: readonly NginxLocation[], uri: string): NginxLocation[] {
  return findLocation(locations, uri).levels;
}
