/**
 * Scenario files in the oracle's format (../shared/oracle/README.md): one command a line,
 * host lines plain, `internet$ ` for the outside machine, `NAME$ ` for a line run inside
 * container NAME (as `docker exec NAME sh -c '…'`), `#` comments. A session exports to
 * one (the lines since the last `reset`, which are what built the world), and one imports
 * with the same checks as a link: bounded size and lines, any Unicode, text only.
 */
import { findLesson } from "../lessons/catalogue.ts";
import { needsMoreInput } from "../worker/input.ts";
import type { Entry, LogEntry } from "../worker/protocol.ts";
import { sinceLastReset } from "../worker/session-log.ts";
import { SESSION_LIMITS } from "./session-state.ts";

const PREFIX = /^([A-Za-z0-9_.-]+)\$ (.*)$/s;

export const SCENARIO_HEADER = [
  "# Docker Network Lab scenario, in the oracle's format: one command a line.",
  "# Plain lines run on the Docker host, `internet$ ` lines on the outside machine,",
  "# `NAME$ ` lines inside container NAME (docker exec NAME sh -c '...').",
];

const comment = (text: string) =>
  text
    .split("\n")
    .map((l) => `# ${l}`)
    .join("\n");

/**
 * The session as a scenario file. `names` gives containers' names by namespace id (the
 * name each had when its lines ran). A line that only moved the terminal (`docker exec -it
 * web bash`, `exit`) becomes a comment: the prefixes of the lines after it say where they
 * ran. A line the lab kept without running stays, commented. When the last `reset` started a
 * lesson, its setup comes first (the lesson's own scenario lines), so the file rebuilds the world.
 */
export function toScenario(done: readonly LogEntry[], names: Readonly<Record<string, string>>): string {
  const out = [...SCENARIO_HEADER];
  for (const e of sinceLastReset(done)) {
    if (e.lesson !== undefined) {
      out.push(`# lesson ${e.lesson}: the lab was reset and its setup run`, ...(findLesson(e.lesson)?.setup ?? []));
      continue;
    }
    if (e.skip) {
      out.push(comment(`(not run in the lab) ${e.line}`));
      continue;
    }
    if (e.effect === "session") {
      out.push(comment(e.line));
      continue;
    }
    const prefix =
      e.machine === "host"
        ? ""
        : e.machine === "internet"
          ? "internet$ "
          : `${names[e.machine] ?? e.machine.slice(0, 12)}$ `;
    out.push(prefix + e.line);
  }
  return out.join("\n") + "\n";
}

export type ScenarioProblem = "too-long" | "damaged" | "empty";

/** A line of the file the lab does not run (the oracle's `@server-log`), kept to be shown. */
export interface NotRun {
  readonly lineNo: number;
  readonly text: string;
}

export type ReadScenario =
  | { readonly ok: true; readonly entries: readonly Entry[]; readonly notRun: readonly NotRun[] }
  | { readonly ok: false; readonly problem: ScenarioProblem };

/** Reads a file's bytes: UTF-8 (a BOM allowed), within the session's limits. */
export function decodeScenarioBytes(
  bytes: Uint8Array,
): { readonly ok: true; readonly text: string } | { readonly ok: false; readonly problem: ScenarioProblem } {
  if (bytes.length > SESSION_LIMITS.maxBytes) return { ok: false, problem: "too-long" };
  try {
    return { ok: true, text: new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes) };
  } catch {
    return { ok: false, problem: "damaged" };
  }
}

export function fromScenario(text: string): ReadScenario {
  if (text.length > SESSION_LIMITS.maxBytes) return { ok: false, problem: "too-long" };
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const entries: Entry[] = [];
  const notRun: NotRun[] = [];
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    let line = lines[i]!;
    if (line.trim() === "" || line.startsWith("#")) continue;
    if (line === "@server-log" || (line.startsWith("@") && !/^@(trace|capture) /.test(line))) {
      notRun.push({ lineNo, text: line });
      continue;
    }
    // The lab traces every line's packets anyway: `@trace LINE` is LINE.
    if (line.startsWith("@trace ")) line = line.slice(7);
    else if (line.startsWith("@capture ")) line = line.slice(9).replace(/^\S+\s+/, "");
    const m = PREFIX.exec(line);
    const machine = m ? m[1]! : "host";
    let command = m ? m[2]! : line;
    // A here-document or an open quote goes on over the next lines, as bash reads them.
    while (needsMoreInput(command) && i + 1 < lines.length) command += "\n" + lines[++i]!;
    entries.push({ line: command, machine });
    if (entries.length > SESSION_LIMITS.maxEntries) return { ok: false, problem: "too-long" };
  }
  if (entries.length === 0) return { ok: false, problem: "empty" };
  return { ok: true, entries, notRun };
}
