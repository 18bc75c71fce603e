/** The app's store, bound to the real worker and the browser's storage. */
import { spawnSimWorker } from "../worker/client.ts";
import { createAppStore } from "./app-store.ts";
import { browserSessionStore } from "./persist.ts";

export const useAppStore = createAppStore(spawnSimWorker, { storage: browserSessionStore() });
export type { AppState } from "./types.ts";
export type { LabLine, TermLine } from "./terminal-slice.ts";
export type { Notice, NoticeCode } from "./session-slice.ts";
export { listContainers, listNetworks, machineLabel, promptFor, selectPrompt } from "./selectors.ts";
export { decodeLink, encodeLink, MAX_LINK_LENGTH, type DecodedLink, type LinkProblem } from "./link.ts";
export { sameEntries } from "../worker/session-log.ts";
export { decodeScenarioBytes } from "./scenario-file.ts";
export { planStart } from "./start-plan.ts";
export { type SessionState } from "./session-state.ts";
export { needsMoreInput } from "../worker/input.ts";
export { SPEEDS, type Speed } from "./player-slice.ts";
