/** Every native jq builtin by name/arity: the plain ones (builtins.ts) and the generators built on them. */
import { CORE_NATIVES } from "./builtins.ts";
import type { Native } from "./eval.ts";
import { GENERATORS } from "./generators.ts";

export const NATIVES: ReadonlyMap<string, Native> = new Map([...CORE_NATIVES, ...GENERATORS]);
