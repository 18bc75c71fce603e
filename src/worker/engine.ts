/**
 * The worker's state machine, kept apart from the worker global so it can be
 * unit-tested in Node: it owns the authoritative world and the terminal's session,
 * and a bounded history of the worlds before each command, so `undo` restores the
 * whole world (conntrack and counters included) and `reset` starts afresh.
 */
import {
  applyCommand,
  completionSpecs,
  createWorld,
  DEFAULT_ENGINE,
  engineChoices,
  HOST_SESSION,
  resolveMachine,
  type EngineVersion,
  type Session,
  type World,
} from "../sim/index.ts";
import { ATTACH_PREFIX, toReply, type EngineSide, type LabControl, type RunReply, type SimApi } from "./protocol.ts";

export const DEFAULT_SEED = 2024;
/** Worlds kept for undo; older ones are forgotten (a world is small, but not free). */
export const MAX_UNDO = 200;

interface Saved {
  readonly world: World;
  readonly session: Session;
}

/** The lines the comparison runs when given none: the article's. */
export const ARTICLE_RUN = "docker run -d -p 2024:80 --name mynginxs nginx";

/** A history longer than the share link keeps is cut to its last lines. */
const MAX_REBUILD_LINES = 500;

export function createEngine(seed = DEFAULT_SEED, initialEngine: EngineVersion = DEFAULT_ENGINE): SimApi {
  let engine = initialEngine;
  let world: World = createWorld(seed, { engine });
  let session: Session = HOST_SESSION;
  let past: Saved[] = [];

  const control = (line: string, kind: LabControl, stderr = "", exitCode = 0, before?: World): RunReply =>
    toReply(
      line,
      {
        world,
        session,
        stdout: "",
        stderr,
        output: stderr ? [{ stream: "stderr", text: stderr }] : [],
        exitCode,
        events: [],
      },
      kind,
      before,
    );

  const api: SimApi = {
    run(line: string): RunReply {
      const trimmed = line.trim();
      if (trimmed === "undo") {
        const prev = past.pop();
        if (!prev) return control(line, "undo", "undo: nothing to undo\n", 1, world);
        world = prev.world;
        session = prev.session;
        return control(line, "undo");
      }
      if (trimmed === "reset") {
        world = createWorld(seed, { engine });
        session = HOST_SESSION;
        past = [];
        return control(line, "reset");
      }
      try {
        const before = world;
        const o = applyCommand(world, line, session);
        if (o.world !== world || o.session !== session) {
          past.push({ world, session });
          if (past.length > MAX_UNDO) past = past.slice(-MAX_UNDO);
        }
        world = o.world;
        session = o.session;
        return toReply(line, o, undefined, before);
      } catch (err) {
        // A throw here is a bug in the core. Keep the last good world so the page
        // survives, and say so plainly instead of pretending a tool printed it.
        const message = err instanceof Error ? err.message : String(err);
        const stderr = `lab: internal error: ${message}\n`;
        return toReply(line, {
          world,
          session,
          stdout: "",
          stderr,
          output: [{ stream: "stderr", text: stderr }],
          exitCode: 70,
          events: [],
        });
      }
    },
    reset(newSeed = seed): World {
      world = createWorld(newSeed, { engine });
      session = HOST_SESSION;
      past = [];
      return world;
    },
    snapshot() {
      return { world, session };
    },
    attach(machine: string) {
      const ns = resolveMachine(world, machine);
      // A container's shell knows its container, so that it ends when the container does.
      const owner = world.docker.containers.find((c) => c.id === ns && c.status === "running");
      if (owner) session = { machine: owner.id, container: owner.id };
      else if (ns !== undefined) session = { machine: ns };
      return { world, session };
    },
    peek(line: string, machine: string) {
      try {
        const o = applyCommand(world, line, { machine });
        return { stdout: o.stdout, stderr: o.stderr, exitCode: o.exitCode };
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        return { stdout: "", stderr: `lab: internal error: ${message}\n`, exitCode: 70 };
      }
    },
    completionSpecs() {
      return completionSpecs();
    },
    engines() {
      return engineChoices();
    },
    rebuild(next: EngineVersion, history: readonly string[]) {
      engine = next;
      world = createWorld(seed, { engine });
      session = HOST_SESSION;
      past = [];
      for (const line of history.slice(-MAX_REBUILD_LINES)) {
        if (line.startsWith(ATTACH_PREFIX)) api.attach(line.slice(ATTACH_PREFIX.length).trim());
        else api.run(line);
      }
      return { world, session };
    },
    compare(lines: readonly string[]): readonly EngineSide[] {
      const run = lines.length > 0 ? lines.slice(-MAX_REBUILD_LINES) : [ARTICLE_RUN];
      return engineChoices().map(({ version, label }) => {
        const side = createEngine(seed, version);
        side.rebuild(version, run);
        return { engine: version, label, text: side.peek("iptables-save", "host").stdout };
      });
    },
  };
  return api;
}
