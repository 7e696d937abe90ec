import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";

// Production and demo both serve the built app through server.ts; the Vite
// dev server is only for working on the UI.
export default defineConfig({
  plugins: [
    remix({
      ignoredRouteFiles: ["**/*.test.ts", "**/.*"],
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
      },
    }),
    tsconfigPaths(),
  ],
  build: { assetsInlineLimit: 0 },
});
