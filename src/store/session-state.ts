/**
 * A session as a link, the browser's storage and a scenario file all carry it: the lines
 * with the machine each ran on, where the terminal is, the step of the trace on show, the
 * layout, the language and the lesson. The wire form is compact JSON, checked field by
 * field when read back: it comes from outside (an address bar, a file, storage another
 * version wrote), so nothing in it is trusted, and its text is only ever run as commands
 * or shown as text.
 */
import { DEFAULT_ENGINE_VERSION, isEngineVersion, type Entry, type SkipReason } from "../worker/protocol.ts";
import { engineLine, isReset } from "../worker/session-log.ts";
import { isPanel, type PanelId } from "./presenter-slice.ts";
import {
  EVENT_KINDS,
  PROTOCOLS,
  type EventKind,
  type Protocol,
  type TraceFilters,
  type TraceViewMode,
} from "./trace-view.ts";

/** How far one session may go (a link, a file or storage beyond these is refused whole, with a message). */
export const SESSION_LIMITS = {
  /** Lines in one session. */
  maxEntries: 5_000,
  /** UTF-8 bytes of a session's text once decompressed (a file's size). */
  maxBytes: 1_000_000,
} as const;

/**
 * "The step shown": whose trace (an index into the entries), where in its full timeline, and
 * how it is viewed. The view's fields are left out where they are the player's defaults (key
 * moments, no filters, DNS folded), so opening a link gives back the whole view either way.
 */
export interface StepShown {
  readonly trace: number;
  readonly index: number;
  readonly view?: TraceViewMode;
  /** Only the dimensions that narrow the view (empty lists are left out). */
  readonly filters?: Partial<TraceFilters>;
  readonly dnsOpen?: true;
}

/** How many values one filter may list (a view a person builds holds a handful). */
const MAX_FILTER_VALUES = 64;

/** Where a lesson stands: the lesson in hand and the goals it has reached. */
export interface LessonMark {
  readonly id: string;
  /** Goals reached so far. */
  readonly goal: number;
}

export interface LayoutState {
  /** The topology row's share of the height, in percent (the dragged bar), when chosen. */
  readonly topology?: number;
  /** Presenter mode is on. */
  readonly presenter?: true;
  /** The panels hidden in presenter mode (kept while it is off, for the next time). */
  readonly hidden?: readonly PanelId[];
}

export interface SessionState {
  readonly entries: readonly Entry[];
  /** Groups `undo` took back, for `redo` (storage keeps them; links leave them out). */
  readonly undone?: readonly (readonly Entry[])[];
  /** The machine the terminal is attached to at the end. */
  readonly at?: string;
  readonly step?: StepShown;
  readonly layout?: LayoutState;
  readonly language?: string;
  /** The lesson in hand, if any (absent: the sandbox). A link's lines begin after its start. */
  readonly lesson?: LessonMark;
}

/** A view other than the default: v "all" (every step), d 1 (DNS open), f the filters (p packets, r protocols, m machines, k kinds). */
interface WireView {
  v?: "all";
  d?: 1;
  f?: { p?: number[]; r?: string[]; m?: string[]; k?: string[] };
}

/**
 * A line; with its machine; kept without running ("s"); a `reset` that started lesson `id`
 * ("l", id); a `reset` on another engine or the `#engine` switch ("e", version, after the
 * lesson if both). A `reset` on Docker 26 carries none, so a session on it reads as before engines.
 */
type WireEntry =
  | string
  | [string, number]
  | [string, number, "s"]
  | [string, number, "l", string]
  | [string, number, "e", string]
  | [string, number, "l", string, "e", string];

/** The JSON a session is written as: short keys, machines listed once. */
interface Wire {
  c: WireEntry[];
  m?: string[];
  u?: WireEntry[][];
  a?: number;
  p?: [number, number] | [number, number, WireView];
  y?: { t?: number; p?: 1; h?: PanelId[] };
  g?: string;
  l?: { id: string; goal: number };
}

export function toWire(state: SessionState): string {
  const machines: string[] = [];
  const ref = (m: string) => {
    if (m === "host") return 0;
    let i = machines.indexOf(m);
    if (i < 0) i = machines.push(m) - 1;
    return i + 1;
  };
  const entry = (e: Entry): WireEntry => {
    const m = ref(e.machine);
    if (e.skip === "stopped-the-lab") return [e.line, m, "s"];
    // Docker 26 is written only on a switch back to it: a `reset` without an engine is on 26.
    const engine =
      e.engine !== undefined && (e.engine !== DEFAULT_ENGINE_VERSION || !isReset(e)) ? e.engine : undefined;
    if (e.lesson !== undefined) return engine ? [e.line, m, "l", e.lesson, "e", engine] : [e.line, m, "l", e.lesson];
    if (engine) return [e.line, m, "e", engine];
    return m === 0 ? e.line : [e.line, m];
  };
  const w: Wire = { c: state.entries.map(entry) };
  if (state.undone && state.undone.length > 0) w.u = state.undone.map((g) => g.map(entry));
  if (state.at !== undefined && state.at !== "host") w.a = ref(state.at);
  if (state.step) {
    const { trace, index } = state.step;
    const view = wireView(state.step);
    w.p = view ? [trace, index, view] : [trace, index];
  }
  const y = wireLayout(state.layout);
  if (y) w.y = y;
  if (state.language !== undefined) w.g = state.language;
  if (state.lesson) w.l = { id: state.lesson.id, goal: state.lesson.goal };
  if (machines.length > 0) w.m = machines;
  return JSON.stringify(w);
}

export type ReadProblem = "damaged" | "too-long";

const isInt = (v: unknown, max = Number.MAX_SAFE_INTEGER): v is number =>
  typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= max;
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
/** A machine is a namespace id or a container name: short, printable, no spaces. */
const MACHINE = /^[A-Za-z0-9_.-]{1,128}$/;
const LANGUAGE = /^[a-z]{2,3}(-[A-Za-z0-9]{1,8})?$/;
const LESSON_ID = /^[a-z0-9-]{1,64}$/;

/** The layout's short form: t the topology's share, p 1 in presenter mode, h the panels hidden. */
function wireLayout(layout: LayoutState | undefined): Wire["y"] {
  if (!layout) return undefined;
  const y: NonNullable<Wire["y"]> = {
    ...(layout.topology !== undefined ? { t: layout.topology } : {}),
    ...(layout.presenter ? { p: 1 as const } : {}),
    ...(layout.hidden?.length ? { h: [...layout.hidden] } : {}),
  };
  return Object.keys(y).length > 0 ? y : undefined;
}

/** A link's layout, checked field by field (keys a later version adds are ignored); null when damaged. */
function readLayout(raw: unknown): LayoutState | null {
  if (!isRecord(raw)) return null;
  if (raw.t !== undefined && !isInt(raw.t, 100)) return null;
  if (raw.p !== undefined && raw.p !== 1) return null;
  const hidden = raw.h === undefined ? undefined : listOf(raw.h, isPanel);
  if (hidden === null) return null;
  return {
    ...(raw.t !== undefined ? { topology: raw.t } : {}),
    ...(raw.p === 1 ? { presenter: true as const } : {}),
    ...(hidden ? { hidden } : {}),
  };
}

function wireView(step: StepShown): WireView | undefined {
  const f = step.filters ?? {};
  const filters: NonNullable<WireView["f"]> = {
    ...(f.packets?.length ? { p: [...f.packets] } : {}),
    ...(f.protocols?.length ? { r: [...f.protocols] } : {}),
    ...(f.machines?.length ? { m: [...f.machines] } : {}),
    ...(f.kinds?.length ? { k: [...f.kinds] } : {}),
  };
  const w: WireView = {
    ...(step.view === "all" ? { v: "all" as const } : {}),
    ...(step.dnsOpen ? { d: 1 as const } : {}),
    ...(Object.keys(filters).length > 0 ? { f: filters } : {}),
  };
  return Object.keys(w).length > 0 ? w : undefined;
}

/** A list of distinct values each passing `ok`, or null. */
function listOf<T>(v: unknown, ok: (x: unknown) => x is T): T[] | null {
  if (!Array.isArray(v) || v.length === 0 || v.length > MAX_FILTER_VALUES) return null;
  if (!v.every(ok) || new Set(v).size !== v.length) return null;
  return v;
}

const isProtocol = (x: unknown): x is Protocol => PROTOCOLS.includes(x as Protocol);
const isKind = (x: unknown): x is EventKind => EVENT_KINDS.includes(x as EventKind);
const isMachine = (x: unknown): x is string => typeof x === "string" && MACHINE.test(x);

/** A link's view, checked against what the player knows; null when it is anything else. */
function readView(raw: unknown): Omit<StepShown, "trace" | "index"> | null {
  // As at the top level, keys a later version adds are ignored; the ones known are checked.
  if (!isRecord(raw)) return null;
  if (raw.v !== undefined && raw.v !== "all") return null;
  if (raw.d !== undefined && raw.d !== 1) return null;
  const filters: { -readonly [K in keyof TraceFilters]?: TraceFilters[K] } = {};
  if (raw.f !== undefined) {
    const f = raw.f;
    if (!isRecord(f)) return null;
    const packets = f.p === undefined ? undefined : listOf(f.p, (x): x is number => isInt(x));
    const protocols = f.r === undefined ? undefined : listOf(f.r, isProtocol);
    const machines = f.m === undefined ? undefined : listOf(f.m, isMachine);
    const kinds = f.k === undefined ? undefined : listOf(f.k, isKind);
    if (packets === null || protocols === null || machines === null || kinds === null) return null;
    if (packets) filters.packets = packets;
    if (protocols) filters.protocols = protocols;
    if (machines) filters.machines = machines;
    if (kinds) filters.kinds = kinds;
  }
  const view: TraceViewMode | undefined = raw.v === "all" ? "all" : undefined;
  return {
    ...(view ? { view } : {}),
    ...(Object.keys(filters).length > 0 ? { filters } : {}),
    ...(raw.d === 1 ? { dnsOpen: true as const } : {}),
  };
}

/** Reads a session's JSON back, refusing anything not exactly of its shape. */
export function fromWire(text: string): { ok: true; state: SessionState } | { ok: false; problem: ReadProblem } {
  const damaged = { ok: false, problem: "damaged" } as const;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return damaged;
  }
  if (!isRecord(raw) || !Array.isArray(raw.c)) return damaged;
  const machines: string[] = ["host"];
  if (raw.m !== undefined) {
    if (!Array.isArray(raw.m) || raw.m.length > SESSION_LIMITS.maxEntries) return damaged;
    for (const m of raw.m) {
      if (typeof m !== "string" || !MACHINE.test(m)) return damaged;
      machines.push(m);
    }
  }
  const entry = (v: unknown): Entry | null => {
    if (typeof v === "string") return { line: v, machine: "host" };
    if (!Array.isArray(v) || v.length < 2 || v.length > 6 || v.length === 5 || typeof v[0] !== "string") return null;
    if (!isInt(v[1], machines.length - 1)) return null;
    const line = v[0];
    if (v.length >= 4) {
      const tags = v.slice(2) as unknown[];
      const lesson = tags[0] === "l" ? tags[1] : undefined;
      const engine = tags[0] === "e" ? tags[1] : tags[2] === "e" ? tags[3] : undefined;
      if (tags[0] !== "l" && tags[0] !== "e") return null;
      if (tags.length === 4 && (tags[0] !== "l" || tags[2] !== "e")) return null;
      // Only a `reset` starts a lesson.
      if (
        lesson !== undefined &&
        (typeof lesson !== "string" || !LESSON_ID.test(lesson) || !isReset({ line, machine: "" }))
      )
        return null;
      // An engine the lab runs, on the switch's own line or on a `reset` (which is on 26 without one).
      if (engine !== undefined) {
        if (!isEngineVersion(engine)) return null;
        const onReset = isReset({ line, machine: "" });
        if (onReset ? engine === DEFAULT_ENGINE_VERSION : line !== engineLine(engine)) return null;
      }
      return {
        line,
        machine: machines[v[1]]!,
        ...(lesson !== undefined ? { lesson } : {}),
        ...(engine !== undefined ? { engine } : {}),
      };
    }
    if (v.length === 3 && v[2] !== "s") return null;
    const skip: SkipReason | undefined = v.length === 3 ? "stopped-the-lab" : undefined;
    return { line: v[0], machine: machines[v[1]]!, ...(skip ? { skip } : {}) };
  };
  const entries = (list: unknown[]): Entry[] | null => {
    const out: Entry[] = [];
    for (const v of list) {
      const e = entry(v);
      if (!e) return null;
      out.push(e);
    }
    return out;
  };
  const main = entries(raw.c);
  if (!main) return damaged;
  let count = main.length;
  const undone: Entry[][] = [];
  if (raw.u !== undefined) {
    if (!Array.isArray(raw.u)) return damaged;
    for (const g of raw.u) {
      const group = Array.isArray(g) ? entries(g) : null;
      if (!group) return damaged;
      count += group.length;
      undone.push(group);
    }
  }
  if (count > SESSION_LIMITS.maxEntries) return { ok: false, problem: "too-long" };
  let state: SessionState = { entries: main, ...(undone.length > 0 ? { undone } : {}) };
  if (raw.a !== undefined) {
    if (!isInt(raw.a, machines.length - 1)) return damaged;
    state = { ...state, at: machines[raw.a]! };
  }
  if (raw.p !== undefined) {
    const p = raw.p;
    if (!Array.isArray(p) || p.length < 2 || p.length > 3 || !isInt(p[0], main.length - 1) || !isInt(p[1]))
      return damaged;
    const view = p.length === 3 ? readView(p[2]) : {};
    if (!view) return damaged;
    state = { ...state, step: { trace: p[0], index: p[1], ...view } };
  }
  if (raw.y !== undefined) {
    const layout = readLayout(raw.y);
    if (!layout) return damaged;
    state = { ...state, layout };
  }
  if (raw.g !== undefined) {
    if (typeof raw.g !== "string" || !LANGUAGE.test(raw.g)) return damaged;
    state = { ...state, language: raw.g };
  }
  if (raw.l !== undefined) {
    const l = raw.l;
    if (!isRecord(l) || typeof l.id !== "string" || !LESSON_ID.test(l.id) || !isInt(l.goal, 1000)) return damaged;
    state = { ...state, lesson: { id: l.id, goal: l.goal } };
  }
  return { ok: true, state };
}
