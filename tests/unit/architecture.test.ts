/**
 * The direction of dependencies (ui → store → worker → sim) is a lint rule; this
 * proves the rule bites, by linting forbidden imports as if they sat in each layer.
 */
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const eslint = new ESLint({ cwd: process.cwd() });

async function restrictedImportErrors(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === "@typescript-eslint/no-restricted-imports")
    .map((m) => m.message);
}

describe("layer boundaries", { timeout: 60_000 }, () => {
  it.each([
    ['import { App } from "../ui/app/App.tsx";', "src/ui"],
    ['import { useAppStore } from "../store/index.ts";', "src/store"],
    ['import { getSim } from "../worker/client.ts";', "src/worker"],
    ['import { create } from "zustand";', "pure"],
  ])("the core may not import %s", async (code, what) => {
    const errors = await restrictedImportErrors(`${code}\nexport const x = 1;\n`, "src/sim/limits.ts");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(what);
  });

  it("the worker may not import the store or the UI", async () => {
    const errors = await restrictedImportErrors(
      'import { useAppStore } from "../store/index.ts";\nimport { App } from "../ui/app/App.tsx";\nexport const x = [useAppStore, App];\n',
      "src/worker/engine.ts",
    );
    expect(errors).toHaveLength(2);
  });

  it("the UI may read the core's types but not call it", async () => {
    expect(
      await restrictedImportErrors(
        'import type { World } from "../../sim/index.ts";\nexport type W = World;\n',
        "src/ui/app/Panel.tsx",
      ),
    ).toEqual([]);
    expect(
      await restrictedImportErrors(
        'import { createWorld } from "../../sim/index.ts";\nexport const w = createWorld();\n',
        "src/ui/app/Panel.tsx",
      ),
    ).toHaveLength(1);
  });
});
