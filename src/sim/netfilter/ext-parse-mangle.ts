/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment --
   a target's draft is the Target being built, shaped by its extension's name at run time */
/**
 * The mangle targets' parsers (libxt_TTL, DSCP, TOS, TCPMSS): values as the kernel
 * keeps them, refusals in each extension's own words.
 */
import type { ExtInstance } from "./ext-instance.ts";
import { optionById } from "./ext-defs.ts";
import { strtoul } from "./ext-values.ts";
import { TOS_NAMES } from "./rule-format-rate.ts";

export const MANGLE_TARGET_NAMES: ReadonlySet<string> = new Set(["TTL", "DSCP", "TOS", "TCPMSS"]);

/** The DiffServ class names libxt_dscp_helper knows. */
const DSCP_CLASSES: Readonly<Record<string, number>> = {
  CS0: 0, CS1: 8, CS2: 16, CS3: 24, CS4: 32, CS5: 40, CS6: 48, CS7: 56, BE: 0,
  AF11: 10, AF12: 12, AF13: 14, AF21: 18, AF22: 20, AF23: 22, AF31: 26, AF32: 28, AF33: 30,
  AF41: 34, AF42: 36, AF43: 38, EF: 46,
}; // prettier-ignore

/** One option of a mangle target: an error message (as `fail` takes it), or undefined. */
export function parseMangleOption(inst: ExtInstance, id: number, arg: string): string | undefined {
  const t = inst.data;
  const name = optionById(inst.def, id)?.name ?? "";
  const range = (min: number, max: number) =>
    `${inst.def.name}: bad value for option "--${name}", or out of range (${min}-${max}).\n`;
  switch (t.kind) {
    case "TTL": {
      const min = id === 0 ? 0 : 1;
      const n = strtoul(arg, min, 255);
      if (n === undefined) return range(min, 255);
      t.op = ["set", "inc", "dec"][id];
      t.value = n;
      return undefined;
    }
    case "DSCP": {
      if (id === 0) {
        const n = strtoul(arg, 0, 63);
        if (n === undefined) return range(0, 63);
        t.dscp = n;
        return undefined;
      }
      const key = Object.keys(DSCP_CLASSES).find((k) => k.toLowerCase() === arg.toLowerCase());
      if (key === undefined) return `Invalid DSCP value \`${arg}'`;
      t.dscp = DSCP_CLASSES[key];
      return undefined;
    }
    case "TOS": {
      if (id === 0) {
        const m = /^(0[xX][0-9a-fA-F]+|\d+)(?:\/(0[xX][0-9a-fA-F]+|\d+))?$/.exec(arg);
        const v = m ? strtoul(m[1]!, 0, 255) : undefined;
        if (v !== undefined) {
          const mask = m![2] === undefined ? 0xff : strtoul(m![2], 0, 255);
          if (mask === undefined) return `Symbolic name "${arg}" is unknown`;
          t.value = v;
          t.mask = mask;
          return undefined;
        }
        const sym = TOS_NAMES.find(([n]) => n.toLowerCase() === arg.toLowerCase());
        if (!sym) return `Symbolic name "${arg}" is unknown`;
        t.value = sym[1];
        // The ECN bits are left alone when a name is given.
        t.mask = 0x3f;
        return undefined;
      }
      const n = strtoul(arg, 0, 255);
      if (n === undefined) return range(0, 255);
      if (id === 1) [t.value, t.mask] = [0, ~n & 0xff];
      else if (id === 2) [t.value, t.mask] = [n, n];
      else [t.value, t.mask] = [n, 0];
      return undefined;
    }
    case "TCPMSS": {
      if (id === 1) return undefined;
      const n = strtoul(arg, 0, 65535);
      if (n === undefined) return range(0, 65535);
      t.mss = n;
      return undefined;
    }
  }
  return undefined;
}

/** A mangle target's own final check. */
export function finalMangle(inst: ExtInstance): string | undefined {
  if (inst.xflags !== 0) return undefined;
  switch (inst.def.name) {
    case "TTL":
      return "TTL: You must specify an action";
    case "DSCP":
      return "DSCP target: Parameter --set-dscp is required";
    case "TOS":
      return "TOS: An action is required";
    default:
      return "TCPMSS target: At least one parameter is required";
  }
}
