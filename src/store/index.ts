/** The app's store, bound to the real worker. */
import { getSim } from "../worker/client.ts";
import { createAppStore } from "./app-store.ts";

export const useAppStore = createAppStore(getSim);
export type { AppState } from "./types.ts";
export type { TermLine } from "./terminal-slice.ts";
export { listContainers, listNetworks, machineLabel, promptFor, selectEngine, selectPrompt } from "./selectors.ts";
export { isEngineVersion, type EngineSide, type EngineVersion } from "../worker/protocol.ts";
export { decodeHistory, encodeHistory, LINK_DEFAULT_ENGINE } from "./share-url.ts";
export { markDifferences, type CompareKind, type CompareLine } from "./engine-compare.ts";
export {
  SPEEDS,
  selectCurrentStep,
  selectPauseReached,
  selectPlaying,
  selectSteps,
  selectView,
  selectViewMode,
  selectViewPosition,
  type PausePoint,
  type Speed,
} from "./player-slice.ts";
export {
  EVENT_KINDS,
  NO_FILTERS,
  PROTOCOLS,
  explainingDrop,
  hasFilters,
  jumpTarget,
  protocolOf,
  type EventKind,
  type JumpKind,
  type Protocol,
  type StepEvent,
  type TraceFilters,
  type TraceViewMode,
  type ViewEntry,
} from "./trace-view.ts";
