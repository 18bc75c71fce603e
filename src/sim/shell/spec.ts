/**
 * A command as typed data: its name, subcommands, options (with how many values
 * each takes) and what its arguments are. Each command folder (commands/<name>/)
 * exports its spec beside its implementation; the registry is built from them, and
 * the terminal's Tab completion reads the same specs through the worker, so what
 * completes is what runs. Specs are plain data (they cross the worker boundary).
 */
import type { Command } from "./command.ts";

/** Where the words for an argument or an option's value come from. */
export type ValueSource =
  /** Fixed words (an iptables table, a sysctl key, a file a learner reads). */
  | { readonly kind: "words"; readonly words: readonly string[] }
  /** The world's containers, networks or images, by name. */
  | { readonly kind: "containers" }
  | { readonly kind: "networks" }
  | { readonly kind: "images" }
  /** Anything: nothing to offer. */
  | { readonly kind: "free" };

export interface OptionSpec {
  /** Every spelling, short and long: `["-p", "--publish"]`. */
  readonly names: readonly string[];
  /** How many words follow it as its value (0: a flag). */
  readonly arity: 0 | 1;
  readonly value?: ValueSource;
  readonly help?: string;
}

export interface CommandSpec {
  readonly name: string;
  /** Other names that reach the same command or subcommand (`addr` and `a` for `ip address`). */
  readonly aliases?: readonly string[];
  /** One line, as the tool's own help says it. */
  readonly summary: string;
  readonly subcommands?: readonly CommandSpec[];
  readonly options?: readonly OptionSpec[];
  /** The positional arguments in order; the last one repeats. */
  readonly args?: readonly ValueSource[];
}

/** A command of the lab's shell: its spec and what runs. */
export interface CommandModule {
  readonly spec: CommandSpec;
  readonly run: Command;
}

export const words = (...w: string[]): ValueSource => ({ kind: "words", words: w });
export const FREE: ValueSource = { kind: "free" };
export const CONTAINERS: ValueSource = { kind: "containers" };
export const NETWORKS: ValueSource = { kind: "networks" };
export const IMAGES: ValueSource = { kind: "images" };

/** A flag (no value), with its spellings. */
export function flag(names: string | readonly string[], help?: string): OptionSpec {
  return { names: typeof names === "string" ? [names] : names, arity: 0, ...(help ? { help } : {}) };
}

/** An option that takes one value. */
export function valued(names: string | readonly string[], value: ValueSource = FREE, help?: string): OptionSpec {
  return { names: typeof names === "string" ? [names] : names, arity: 1, value, ...(help ? { help } : {}) };
}
