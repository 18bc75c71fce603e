import js from "@eslint/js";
import globals from "globals";
import reactHooks from "eslint-plugin-react-hooks";
import reactRefresh from "eslint-plugin-react-refresh";
import tseslint from "typescript-eslint";
import { defineConfig, globalIgnores } from "eslint/config";

/**
 * The house rule: dependencies point one way, ui → store → worker → sim.
 * Each layer lists what it must never import; a violation is a lint error.
 */
const forbid = (layers, { extra = [], allowTypeImports = false } = {}) => ({
  "@typescript-eslint/no-restricted-imports": [
    "error",
    {
      patterns: [
        ...layers.map((layer) => ({
          group: [`**/${layer}`, `**/${layer}/**`, `src/${layer}/**`],
          message: `This layer must not import from src/${layer} (dependencies point ui → store → worker → sim).`,
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
    files: ["src/sim/**/*.ts"],
    languageOptions: { globals: { ...globals.es2022 } },
    rules: {
      ...forbid(["ui", "store", "worker"], { extra: uiLibs }),
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
  { files: ["src/worker/**/*.ts"], rules: forbid(["ui", "store"]) },
  { files: ["src/store/**/*.ts"], rules: forbid(["ui"]) },
  // The UI reads the core's data types (World, trace events) but calls it only through the store.
  { files: ["src/ui/**/*.{ts,tsx}"], rules: forbid(["sim", "worker"], { allowTypeImports: true }) },
]);
