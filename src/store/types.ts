import type { Remote } from "comlink";
import type { SimApi } from "../worker/protocol.ts";
import type { LessonSlice } from "./lesson-slice.ts";
import type { PlayerSlice } from "./player-slice.ts";
import type { PresenterSlice } from "./presenter-slice.ts";
import type { SessionSlice } from "./session-slice.ts";
import type { SimSlice } from "./sim-slice.ts";
import type { TerminalSlice } from "./terminal-slice.ts";

/** The worker's API as the store sees it: remote (async) in the app, direct in tests. */
export type SimClient = Remote<SimApi> | SimApi;

export type AppState = SimSlice & TerminalSlice & PlayerSlice & SessionSlice & LessonSlice & PresenterSlice;
