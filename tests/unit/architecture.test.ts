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

describe("folders inside the core", { timeout: 60_000 }, () => {
  it.each([
    ['import { findContainer } from "../docker/container.ts";', "src/sim/kernel/netns.ts", "src/sim/docker"],
    ['import type { DockerWorld } from "../docker/types.ts";', "src/sim/kernel/files.ts", "src/sim/docker"],
    ['import { runLine } from "../shell/run.ts";', "src/sim/kernel/sysctl.ts", "src/sim/shell"],
    ['import { resolveName } from "../../programs/resolver.ts";', "src/sim/kernel/stack/walk.ts", "src/sim/programs"],
    ['import { httpExchange } from "../programs/http-exchange.ts";', "src/sim/netfilter/nat.ts", "src/sim/programs"],
    ['import { startDaemon } from "../docker/daemon.ts";', "src/sim/netfilter/table-ops.ts", "src/sim/docker"],
    ['import { runLine } from "../shell/run.ts";', "src/sim/netfilter/evaluate.ts", "src/sim/shell"],
    ['import { getNetns } from "../kernel/netns.ts";', "src/sim/netfilter/evaluate.ts", "src/sim/kernel"],
    ['import type { World } from "../world.ts";', "src/sim/kernel/netns.ts", "world.ts"],
    ['import { runLine } from "../shell/run.ts";', "src/sim/docker/daemon.ts", "src/sim/shell"],
    ['import { replayScenario } from "../scenario/replay.ts";', "src/sim/shell/run.ts", "src/sim/scenario"],
  ])("%s is refused in %s", async (code, filePath, what) => {
    const errors = await restrictedImportErrors(`${code}\nexport const x = 1;\n`, filePath);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(what);
  });

  it("a folder may import the folders below it", async () => {
    expect(
      await restrictedImportErrors(
        'import { runIptables } from "../netfilter/iptables-cli.ts";\nimport { getNetns } from "../kernel/netns.ts";\nexport const x = [runIptables, getNetns];\n',
        "src/sim/docker/firewall.ts",
      ),
    ).toEqual([]);
    expect(
      await restrictedImportErrors(
        'import { createWorld } from "../world.ts";\nimport { runLine } from "../shell/run.ts";\nexport const x = [createWorld, runLine];\n',
        "src/sim/scenario/replay.ts",
      ),
    ).toEqual([]);
  });

  it("the core's layer rule still holds in every folder", async () => {
    const errors = await restrictedImportErrors(
      'import { useAppStore } from "../../store/index.ts";\nexport const x = useAppStore;\n',
      "src/sim/kernel/netns.ts",
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain("src/store");
  });
});

describe("the lessons between the worker and the core", { timeout: 60_000 }, () => {
  it("lessons may read the core, but not the worker, the store, the UI or React", async () => {
    expect(
      await restrictedImportErrors(
        'import { readSysctl } from "../sim/kernel/sysctl.ts";\nexport const x = readSysctl;\n',
        "src/lessons/checks.ts",
      ),
    ).toEqual([]);
    const errors = await restrictedImportErrors(
      'import { createEngine } from "../worker/engine.ts";\nimport { useAppStore } from "../store/index.ts";\nimport { useState } from "react";\nexport const x = [createEngine, useAppStore, useState];\n',
      "src/lessons/checks.ts",
    );
    expect(errors).toHaveLength(3);
  });

  it("the core may not import the lessons, and the UI only their types", async () => {
    const core = await restrictedImportErrors(
      'import { LESSONS } from "../../lessons/catalogue.ts";\nexport const x = LESSONS;\n',
      "src/sim/shell/run.ts",
    );
    expect(core).toHaveLength(1);
    expect(core[0]).toContain("src/lessons");
    expect(
      await restrictedImportErrors(
        'import type { Lesson } from "../../lessons/types.ts";\nexport type L = Lesson;\n',
        "src/ui/app/Panel.tsx",
      ),
    ).toEqual([]);
    expect(
      await restrictedImportErrors(
        'import { LESSONS } from "../../lessons/catalogue.ts";\nexport const x = LESSONS;\n',
        "src/ui/app/Panel.tsx",
      ),
    ).toHaveLength(1);
  });
});
