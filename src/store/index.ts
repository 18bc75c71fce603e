/** The app's store, bound to the real worker and the browser's storage. */
import { spawnSimWorker } from "../worker/client.ts";
import { createAppStore } from "./app-store.ts";
export { layoutMoved, lessonMoved, viewMoved } from "./app-store.ts";
export { PANELS, isPanel, selectPanelShown, type PanelId } from "./presenter-slice.ts";
import { browserStorage } from "./lesson-storage.ts";
import { browserSessionStore } from "./persist.ts";

export const useAppStore = createAppStore(spawnSimWorker, {
  storage: browserSessionStore(),
  lessonStorage: browserStorage(),
});
export type { AppState } from "./types.ts";
export type { LabLine, TermLine } from "./terminal-slice.ts";
export type { Notice, NoticeCode } from "./session-slice.ts";
export {
  LESSONS,
  selectActiveLesson,
  selectLessonMark,
  selectPendingPrediction,
  selectShownAnswer,
  type Answer,
  type LessonMark,
  type LessonState,
} from "./lesson-slice.ts";
export { findLesson, isLessonId, nextLesson, type LessonId } from "../lessons/catalogue.ts";
export { predictionOutcome } from "../lessons/predictions.ts";
export { LESSON_TEXTS, lessonText } from "../lessons/texts.ts";
export type { ChoiceValue, Lesson, LessonText, Prediction, PredictionText } from "../lessons/types.ts";
export {
  listContainers,
  listNetworks,
  machineLabel,
  promptFor,
  selectEngine,
  selectPrompt,
  selectWorldSeq,
  selectWorldView,
} from "./selectors.ts";
export type { WorldView, NetnsView, LinkView } from "../worker/protocol.ts";
export { DEFAULT_ENGINE_VERSION, isEngineVersion, type EngineSide, type EngineVersion } from "../worker/protocol.ts";
export { markDifferences, type CompareKind, type CompareLine } from "./engine-compare.ts";
export { decodeLink, encodeLink, MAX_LINK_LENGTH, type DecodedLink, type LinkProblem } from "./link.ts";
export { sameEntries, sinceLastReset } from "../worker/session-log.ts";
export { decodeScenarioBytes } from "./scenario-file.ts";
export { planStart } from "./start-plan.ts";
export { type SessionState } from "./session-state.ts";
export { needsMoreInput } from "../worker/input.ts";
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
