import { defineConfig, mergeConfig } from "vitest/config";
import viteConfig from "./vite.config.ts";

export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      // Playwright specs live in e2e/ and must never be collected by Vitest.
      include: ["tests/unit/**/*.test.{ts,tsx}"],
      environment: "node",
      // Freezes the shared starting worlds, so a change made in place fails a test.
      setupFiles: ["tests/unit/setup.ts"],
      // A guard against a hang, not a speed limit (speed is npm run bench's): the property
      // tests take seconds, and a busy CI machine must not turn that into a failure.
      testTimeout: 30_000,
      // Files share a worker's modules instead of each importing the whole core afresh: that import
      // was three quarters of the run (247 s against 57 s). The core is pure and its caches are
      // memos of values, and runs with the files shuffled pass alike (--sequence.shuffle.files).
      isolate: false,
    },
  }),
);
