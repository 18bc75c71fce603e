/**
 * The worker's state machine, kept apart from the worker global so it can be
 * unit-tested in Node: it owns the authoritative world and the terminal's session.
 */
import { applyCommand, createWorld, HOST_SESSION, type Session, type World } from "../sim/index.ts";
import { toReply, type RunReply, type SimApi } from "./protocol.ts";

export const DEFAULT_SEED = 2024;

export function createEngine(seed = DEFAULT_SEED): SimApi {
  let world: World = createWorld(seed);
  let session: Session = HOST_SESSION;
  return {
    run(line: string): RunReply {
      try {
        const o = applyCommand(world, line, session);
        world = o.world;
        session = o.session;
        return toReply(line, o);
      } catch (err) {
        // A throw here is a bug in the core. Keep the last good world so the page
        // survives, and say so plainly instead of pretending a tool printed it.
        const message = err instanceof Error ? err.message : String(err);
        return toReply(line, {
          world,
          session,
          stdout: "",
          stderr: `lab: internal error: ${message}\n`,
          exitCode: 70,
          events: [],
        });
      }
    },
    reset(newSeed = seed): World {
      world = createWorld(newSeed);
      session = HOST_SESSION;
      return world;
    },
    snapshot() {
      return { world, session };
    },
  };
}
