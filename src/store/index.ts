/** The app's store, bound to the real worker. */
import { getSim } from "../worker/client.ts";
import { createAppStore } from "./app-store.ts";

export const useAppStore = createAppStore(getSim);
export type { AppState } from "./types.ts";
export type { TermLine } from "./terminal-slice.ts";
export { listContainers, listNetworks, machineLabel, promptFor, selectPrompt } from "./selectors.ts";
export { decodeHistory, encodeHistory } from "./share-url.ts";
export { SPEEDS, type Speed } from "./player-slice.ts";
