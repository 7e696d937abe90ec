import { defineConfig } from "vitest/config";
import tsconfigPaths from "vite-tsconfig-paths";

// One runner for every suite. Integration suites (PostgreSQL, Redis, the GCS
// emulator, Chromium) run here too: CI starts or installs what they need, so
// none of them is skipped.
export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    include: ["app/**/*.test.ts", "test/**/*.test.ts"],
    environment: "node",
    pool: "forks",
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ["default"],
  },
});
