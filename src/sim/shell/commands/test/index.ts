/** `test` and `[`: conditions for `if` and `while`. */
import { FREE, type CommandModule } from "../../spec.ts";
import { test } from "./test.ts";

export const TEST_COMMANDS: readonly CommandModule[] = [
  { spec: { name: "test", summary: "Evaluate conditional expression.", args: [FREE] }, run: test },
  { spec: { name: "[", summary: "Evaluate conditional expression.", args: [FREE] }, run: test },
];
