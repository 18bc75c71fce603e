/**
 * The engine comparison: `iptables-save` on each engine after the same commands, each on
 * a fresh world of its own, so the session in hand is not touched.
 */
import { engineChoices } from "../sim/index.ts";
import type { EngineSide, SimApi } from "./protocol.ts";
import { lastResetAt, RESET, type LogEntry } from "./session-log.ts";

/** The lines the comparison runs when given none: the article's. */
export const ARTICLE_RUN = "docker run -d -p 2024:80 --name mynginxs nginx";

/**
 * `lines` typed on the host (none: the article's `docker run`), or a session's history, whose
 * lines since its last `reset` are loaded and then switched to each engine: the same
 * rebuild the picker makes, so a container's lines run in it on either engine.
 */
export function compareEngines(
  make: () => SimApi,
  source: { readonly lines: readonly string[] } | { readonly history: readonly LogEntry[] },
): readonly EngineSide[] {
  return engineChoices().map(({ version, label }) => {
    const side = make();
    if ("history" in source) {
      side.load({ entries: source.history.slice(lastResetAt(source.history)) });
      side.switchEngine(version);
    } else {
      const run = source.lines.length > 0 ? source.lines : [ARTICLE_RUN];
      side.load({
        entries: [{ line: RESET, machine: "host", engine: version }, ...run.map((line) => ({ line, machine: "host" }))],
      });
    }
    return { engine: version, label, text: side.peek("iptables-save", "host").stdout };
  });
}
