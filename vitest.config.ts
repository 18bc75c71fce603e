import { defineConfig, mergeConfig } from "vitest/config";
import viteConfig from "./vite.config.ts";

export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      // Playwright specs live in e2e/ and must never be collected by Vitest.
      include: ["tests/unit/**/*.test.{ts,tsx}"],
      environment: "node",
    },
  }),
);
