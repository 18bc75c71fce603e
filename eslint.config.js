import js from "@eslint/js";
import globals from "globals";
import reactHooks from "eslint-plugin-react-hooks";
import reactRefresh from "eslint-plugin-react-refresh";
import tseslint from "typescript-eslint";
import { defineConfig, globalIgnores } from "eslint/config";

/**
 * The house rule: dependencies point one way, ui → store → worker → lessons → sim.
 * Each layer lists what it must never import; a violation is a lint error.
 */
const forbid = (layers, { extra = [], allowTypeImports = false } = {}) => ({
  "@typescript-eslint/no-restricted-imports": [
    "error",
    {
      patterns: [
        ...layers.map((layer) => ({
          group: [`**/${layer}`, `**/${layer}/**`, `src/${layer}/**`],
          message: `This layer must not import from src/${layer} (dependencies point ui → store → worker → lessons → sim).`,
          allowTypeImports,
        })),
        ...extra,
      ],
    },
  ],
});

const uiLibs = [
  {
    group: [
      "react",
      "react-dom",
      "react/*",
      "react-dom/*",
      "zustand",
      "zustand/*",
      "@xyflow/*",
      "motion",
      "motion/*",
      "comlink",
    ],
    message: "The simulation core is pure: no React, store, worker or animation libraries.",
  },
];

/**
 * Inside the core, the same rule between its folders, top to bottom: the scenario
 * harness drives the shell; the shell's commands run programs; programs (nginx,
 * docker-proxy, the resolver) talk to the Docker engine's state; the engine
 * builds on the machines' data (images, the host); machines are made of kernel
 * state; the kernel walks packets through netfilter's tables. A folder may import
 * only the folders below it, and only the shell and the scenario harness may
 * import world.ts, which composes a whole world from the engine and the machines.
 */
const SIM_LAYERS = ["scenario", "shell", "programs", "docker", "machines", "kernel", "trace", "netfilter"];
const SIM_BASE = ["ui", "store", "worker", "lessons"];

function simLayerPatterns(layer) {
  const above = SIM_LAYERS.slice(0, SIM_LAYERS.indexOf(layer));
  const world = SIM_LAYERS.indexOf(layer) >= SIM_LAYERS.indexOf("programs");
  return [
    ...SIM_BASE.map((l) => ({
      group: [`**/${l}`, `**/${l}/**`, `src/${l}/**`],
      message: `This layer must not import from src/${l} (dependencies point ui → store → worker → lessons → sim).`,
    })),
    ...uiLibs,
    ...above.map((l) => ({
      group: [`**/${l}`, `**/${l}/**`, `src/sim/${l}/**`],
      message: `src/sim/${layer} must not import from src/sim/${l} (inside the core: ${SIM_LAYERS.join(" → ")}).`,
    })),
    ...(world
      ? [
          {
            group: ["**/world.ts", "src/sim/world.ts"],
            message: `src/sim/${layer} must not import src/sim/world.ts (only the shell and the scenario harness do; below them, take a KernelWorld or a DockerWorld).`,
          },
        ]
      : []),
  ];
}

export default defineConfig([
  globalIgnores(["dist", "node_modules", "test-results", "playwright-report", "coverage"]),
  {
    files: ["**/*.{js,mjs}"],
    extends: [js.configs.recommended],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ["**/*.{ts,tsx}"],
    extends: [js.configs.recommended, tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      globals: { ...globals.browser, ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      eqeqeq: ["error", "always"],
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["src/**/*.{ts,tsx}"],
    extends: [reactHooks.configs.flat["recommended-latest"], reactRefresh.configs.vite],
  },
  {
    files: ["src/sim/**/*.ts", "src/lessons/**/*.ts"],
    languageOptions: { globals: { ...globals.es2022 } },
    rules: {
      ...forbid(["ui", "store", "worker", "lessons"], { extra: uiLibs }),
      "no-restricted-globals": [
        "error",
        { name: "window", message: "The core has no DOM." },
        { name: "document", message: "The core has no DOM." },
        { name: "self", message: "The core is not a worker." },
        { name: "setTimeout", message: "Time comes from the world's clock." },
        { name: "setInterval", message: "Time comes from the world's clock." },
      ],
      "no-restricted-properties": [
        "error",
        {
          object: "Math",
          property: "random",
          message: "Randomness comes from the world's seeded source (sim/rng.ts).",
        },
        { object: "Date", property: "now", message: "Time comes from the world's clock." },
      ],
    },
  },
  ...SIM_LAYERS.map((layer) => ({
    files: [`src/sim/${layer}/**/*.ts`],
    rules: { "@typescript-eslint/no-restricted-imports": ["error", { patterns: simLayerPatterns(layer) }] },
  })),
  // Lessons are data and pure checks on the core's world and traces (the worker runs them).
  { files: ["src/lessons/**/*.ts"], rules: forbid(["ui", "store", "worker"], { extra: uiLibs }) },
  { files: ["src/worker/**/*.ts"], rules: forbid(["ui", "store"]) },
  { files: ["src/store/**/*.ts"], rules: forbid(["ui"]) },
  // The UI reads the core's and the lessons' data types but reaches both only through the store.
  { files: ["src/ui/**/*.{ts,tsx}"], rules: forbid(["sim", "worker", "lessons"], { allowTypeImports: true }) },
]);
