/** The app's store, bound to the real worker. */
import { getSim } from "../worker/client.ts";
import { createAppStore } from "./app-store.ts";
import { browserStorage } from "./lesson-storage.ts";

export const useAppStore = createAppStore(getSim, browserStorage());
export type { AppState } from "./types.ts";
export type { LabLine, TermLine } from "./terminal-slice.ts";
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
export { listContainers, listNetworks, machineLabel, promptFor, selectPrompt } from "./selectors.ts";
export { decodeHistory, encodeHistory } from "./share-url.ts";
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
