/**
 * Bounds on every loop the core runs, so that no input can hang the tab.
 * A command that hits one fails with an error value, never an exception.
 */
export const LIMITS = {
  /** Characters of one command line; longer lines are refused as too long. */
  maxLineLength: 8_192,
  /** Commands in one pipeline (`a | b | c`). */
  maxPipelineLength: 16,
  /** Lines a single command may print before its output is cut (the lab then says so). */
  maxOutputLines: 10_000,
  /** Characters a single command may print before its output is cut (the lab then says so). */
  maxOutputBytes: 1_048_576,
  /** Chains a packet may be inside at once (nf_tables' jump stack is 16 deep). */
  maxChainJumpDepth: 16,
  /** Rules one chain traversal may test before the packet is dropped. */
  maxRuleVisits: 100_000,
  /** Namespaces one packet may pass through (hops), besides the TTL. */
  maxPacketHops: 64,
  /** Packets one command may send before it gives up. */
  maxPacketsPerCommand: 2_000,
  /** The lab's clock moves at most this far for one `sleep` (about 24.8 days; `sleep infinity` included). */
  maxSleepMs: 2 ** 31 - 1,
  /** Turns all the loops (`for`, `while`, `until`) of one typed line may take together. */
  maxLoopIterations: 10_000,
  /** Shells inside shells at once: command substitutions, `bash -c`, `nsenter ... CMD`. */
  maxShellDepth: 16,
  /** Characters a shell variable (or one command substitution's result) may hold. */
  maxVariableLength: 65_536,
  /** Variables one shell may hold. */
  maxVariables: 256,
  /** Complete commands one script file may hold (`bash run.sh` reads no further). */
  maxScriptCommands: 1_000,
  /** Fields one command's words may expand to (a pattern matching many files, a split output). */
  maxWords: 10_000,
  /**
   * Bytes of files one machine may hold beyond what the lab itself puts there, like a
   * small tmpfs: a write past it fails with "No space left on device".
   */
  maxFileBytesPerMachine: 4 * 1024 * 1024,
} as const;
