/**
 * What every extension parser shares (ext-parse*.ts): the loaded extension in the rule
 * being parsed, the parser's context, and libxtables' own checks around an extension's
 * option parser. Kept apart so the per-family parsers and the dispatcher import it
 * without importing each other.
 */
import { type ExtDef, optionById } from "./ext-defs.ts";
import { usageError, type ParseError } from "./rule-values.ts";
import type { Neg } from "./types.ts";

/** One loaded extension in the rule being parsed (a match instance or the target). */
export interface ExtInstance {
  readonly def: ExtDef;
  /** The option offset libxtables gave it when its options were merged. */
  readonly offset: number;
  /** Which option ids it has seen (libxtables' xflags, tcp's own flags). */
  xflags: number;
  /** A later instance of the same match takes its options from now on. */
  completed: boolean;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the Match or Target draft, by extension
  data: any;
}

export interface ExtContext {
  readonly proto: Neg<string> | undefined;
  readonly prog: string;
  /** The word after the option's value (tcp's --tcp-flags reads it), or undefined; `take` consumes it. */
  readonly peek: () => string | undefined;
  readonly take: () => void;
  /** A warning iptables prints to stderr and goes on. */
  readonly warn: (text: string) => void;
}

/** The checks xtables_option_parse makes before a guided extension sees its option. */
export function guidedCheck(inst: ExtInstance, id: number, invert: boolean): string | undefined {
  const entry = optionById(inst.def, id)!;
  if (inst.xflags & (1 << id)) return `${inst.def.name}: option "--${entry.name}" can only be used once.\n`;
  if (invert && !entry.invert) return `${inst.def.name}: option "--${entry.name}" cannot be inverted.\n`;
  return undefined;
}

/** xtables_options_fcheck: mandatory options, then exclusions, in table order. */
export function genericFinal(inst: ExtInstance): string | undefined {
  const def = inst.def;
  const x = inst.xflags;
  for (const e of def.opts) {
    if (e.mand && !(x & (1 << e.id))) return `${def.name}: option "--${e.name}" must be specified\n`;
    if (!(x & (1 << e.id))) continue;
    for (let i = 0; i < 32; i++) {
      if (i === e.id) continue;
      const other = optionById(def, i);
      if (!other) continue;
      if (e.excl !== undefined && e.excl & (1 << i) && x & (1 << i))
        return `${def.name}: option "--${e.name}" cannot be used together with "--${other.name}".\n`;
    }
  }
  return undefined;
}

export const fail = (ctx: ExtContext, message: string): ParseError => usageError(message, ctx.prog);
