/** The instant every world's clock starts at; the clock only moves when commands run. */
export const EPOCH_MS = Date.UTC(2026, 10, 29, 16, 19, 0);
