/** Values derived from the store; never stored themselves. */
import type { EngineVersion, WorldView } from "../worker/protocol.ts";
import type { AppState } from "./types.ts";
import { listContainers, listNetworks, machineLabel, promptFor } from "./world-view.ts";

export { listContainers, listNetworks, machineLabel, promptFor };

/** The shell prompt for the machine the terminal is attached to: bash's `\u@\h:\w\$` as root. */
export function selectPrompt(s: AppState): string {
  return promptFor(s.worldView, s.session.mounts ?? s.session.machine, s.session.cwd);
}

/** Machines the terminal can attach to: the host, the internet, then every container. */
export function selectMachines(s: AppState): { id: string; label: string }[] {
  const w = s.worldView;
  const ids = w ? Object.keys(w.netns) : [];
  const out = [{ id: "host", label: "host" }];
  if (ids.includes("internet")) out.push({ id: "internet", label: "internet" });
  for (const id of ids) if (id !== "host" && id !== "internet") out.push({ id, label: machineLabel(w, id) });
  return out;
}

/** The engine the world runs (Docker 26 until the worker's world has arrived). */
export function selectEngine(s: AppState): EngineVersion {
  return s.worldView?.docker.engine ?? "26";
}

/** What the page draws of the world (worker/view.ts); null until the worker first answers. */
export function selectWorldView(s: AppState): WorldView | null {
  return s.worldView;
}

/** Bumped whenever the worker's world changed (counters and conntrack too): what tool output shown in a panel depends on. */
export function selectWorldSeq(s: AppState): number {
  return s.worldSeq;
}
