/**
 * Bounds on every loop the core runs, so that no input can hang the tab.
 * A command that hits one fails with an error value, never an exception.
 */
export const LIMITS = {
  /** Characters of one command line; longer lines are refused as too long. */
  maxLineLength: 8_192,
  /** Commands in one pipeline (`a | b | c`). */
  maxPipelineLength: 16,
  /** Lines a single command may print before its output is cut. */
  maxOutputLines: 10_000,
} as const;
