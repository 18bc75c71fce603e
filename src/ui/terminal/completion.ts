/**
 * Tab completion, as bash does it: complete the word before the cursor from the
 * candidates that fit its position (a command, a subcommand, an option, an
 * option's value, an argument: a container, a network, an image, fixed words).
 * What fits comes from the shell's own command specs, read through the worker, so
 * completion offers what the simulated commands parse. One candidate completes
 * the word and adds a space; several complete their common prefix, and a second
 * Tab lists them. Pure: the terminal passes the specs and the names it knows.
 */
import type { CommandSpec, OptionSpec, ValueSource } from "../../sim/index.ts";
import type { CompletionSpecs } from "../../worker/protocol.ts";

export interface CompletionContext {
  readonly specs: CompletionSpecs;
  readonly containers: readonly string[];
  readonly networks: readonly string[];
}

export interface Completion {
  /** The new text before the cursor (the text after it is unchanged). */
  readonly before: string;
  /** When ambiguous: every candidate, for the terminal to list. */
  readonly candidates: readonly string[];
}

/** The lab's own commands, always offered. */
const LAB_COMMANDS = ["undo", "redo", "reset", "clear", "exit"];

function commonPrefix(words: readonly string[]): string {
  if (words.length === 0) return "";
  let p = words[0]!;
  for (const w of words) while (!w.startsWith(p)) p = p.slice(0, -1);
  return p;
}

/** Words of the current command (after the last `|`, `;`, `&&` or `||`), and the partial word. */
function splitWords(before: string): { words: string[]; partial: string } {
  const segment = before.split(/\|\|?|;|&&/).pop() ?? "";
  const parts = segment.split(/\s+/);
  const partial = parts.pop() ?? "";
  return { words: parts.filter((w) => w !== ""), partial };
}

/** A spec's name and its longer aliases (one- and two-letter abbreviations are not offered). */
function namesOf(spec: CommandSpec): string[] {
  return [spec.name, ...(spec.aliases ?? []).filter((a) => a.length > 2)];
}

function named(specs: readonly CommandSpec[] | undefined, word: string): CommandSpec | undefined {
  return specs?.find((s) => s.name === word || (s.aliases ?? []).includes(word));
}

/** The option a word spells, or for a cluster of short flags (`-it`, `-dp`) the last one. */
function optionOf(spec: CommandSpec, word: string): OptionSpec | "flags" | undefined {
  const options = spec.options ?? [];
  const exact = options.find((o) => o.names.includes(word));
  if (exact) return exact;
  if (/^-[A-Za-z]{2,}$/.test(word)) {
    for (let i = 1; i < word.length; i++) {
      const o = options.find((x) => x.names.includes(`-${word[i]}`));
      if (!o) return undefined;
      // A short option with a value takes the rest of the word, or the next word when it is last.
      if (o.arity === 1) return i === word.length - 1 ? o : "flags";
    }
    return "flags";
  }
  return undefined;
}

/** The spellings offered for an option: its short names and its first long name. */
function optionWords(o: OptionSpec): string[] {
  const long = o.names.find((n) => n.startsWith("--"));
  return o.names.filter((n) => !n.startsWith("--") || n === long);
}

function valuesOf(source: ValueSource | undefined, ctx: CompletionContext): readonly string[] {
  switch (source?.kind) {
    case "words":
      return source.words;
    case "containers":
      return ctx.containers;
    case "networks":
      return ctx.networks;
    case "images":
      return ctx.specs.images;
    default:
      return [];
  }
}

function candidatesFor(words: readonly string[], partial: string, ctx: CompletionContext): readonly string[] {
  const commands = ctx.specs.commands;
  if (words.length === 0)
    return [...new Set([...commands.flatMap((c) => [c.name, ...(c.aliases ?? [])]), ...LAB_COMMANDS])];
  const command = named(commands, words[0]!);
  if (!command) return [];
  let spec: CommandSpec = command;
  let positional = 0;
  let waiting: OptionSpec | undefined;
  for (const word of words.slice(1)) {
    if (waiting) {
      waiting = undefined;
      continue;
    }
    const sub: CommandSpec | undefined =
      positional === 0 && !word.startsWith("-") ? named(spec.subcommands, word) : undefined;
    if (sub) {
      spec = sub;
      continue;
    }
    if (word.startsWith("-") && word !== "-") {
      const o = optionOf(spec, word);
      if (o !== undefined && o !== "flags" && o.arity === 1) waiting = o;
      continue;
    }
    positional++;
  }
  if (waiting) return valuesOf(waiting.value, ctx);
  if (partial.startsWith("-")) return (spec.options ?? []).flatMap(optionWords);
  if (positional === 0 && spec.subcommands) return spec.subcommands.flatMap(namesOf);
  const args = spec.args ?? [];
  return valuesOf(args[Math.min(positional, args.length - 1)], ctx);
}

export function complete(before: string, ctx: CompletionContext): Completion {
  const { words, partial } = splitWords(before);
  const all = candidatesFor(words, partial, ctx);
  const matches = [...new Set(all.filter((c) => c.startsWith(partial)))].sort();
  if (matches.length === 0) return { before, candidates: [] };
  const head = before.slice(0, before.length - partial.length);
  if (matches.length === 1) return { before: `${head}${matches[0]} `, candidates: [] };
  const prefix = commonPrefix(matches);
  return { before: `${head}${prefix}`, candidates: prefix === partial ? matches : [] };
}
