/**
 * The simulated shop's Online Store themes and their files (text and binary
 * assets). Writes emit Shopify's themes/create, themes/update,
 * themes/publish and themes/delete topics. Theme file writes need Shopify's
 * write_themes exemption, modelled by `setThemeWriteExemption`.
 */
import type { Domain, StoreCore } from "./core";
import { themeMutations, type ThemeWriteOptions } from "./themes/mutations";
import { themeQueries, themeView, ThemeState } from "./themes/state";
import { writeZip } from "./themes/zip";

export interface ThemeDomain extends Domain {
  /** Grants or withdraws the app's write_themes exemption (default: granted). */
  setThemeWriteExemption(exempt: boolean): void;
  /** How long themes imported by themeCreate stay `processing` (default 200 ms). */
  setProcessingDelay(ms: number): void;
  /** Bytes of file bodies per files() page before Shopify cuts the page short (default 4 MiB). */
  setFilesPayloadLimit(bytes: number): void;
  /** Resolves once every imported theme has finished processing. */
  settled(): Promise<void>;
}

/** Builds a theme zip archive (deflated where that helps), e.g. to serve to themeCreate. */
export function buildThemeZip(files: { filename: string; body: Uint8Array }[]): Uint8Array {
  return writeZip(files);
}

/** Creates the themes domain (seeded lazily from the core's seed and size). */
export function createThemeDomain(core: StoreCore): ThemeDomain {
  const state = new ThemeState(core);
  const options: ThemeWriteOptions = { exempt: true, processingMs: 200 };
  const queries = themeQueries(state);
  return {
    name: "themes",
    query: queries,
    mutation: themeMutations(state, options),
    nodeTypes: {
      OnlineStoreTheme: (id) => {
        const theme = state.get(Number(id));
        return theme && themeView(state, theme);
      },
    },
    cdn: (path) => {
      // themes/<themeId>/<filename>?v=<md5>: a URL for other bytes than the current file's is stale, like an expired Shopify URL.
      const [withoutQuery, query = ""] = path.split("?");
      const match = /^(\d+)\/(.+)$/.exec(withoutQuery);
      const theme = match ? state.get(Number(match[1])) : undefined;
      if (!match || !theme || theme.processing) return undefined;
      const file = state.filesOf(theme).get(match[2]);
      const version = new URLSearchParams(query).get("v");
      if (!file || (version && version !== file.checksumMd5)) return undefined;
      return { contentType: file.contentType, body: file.body };
    },
    setThemeWriteExemption: (exempt) => {
      options.exempt = exempt;
    },
    setProcessingDelay: (ms) => {
      options.processingMs = ms;
    },
    setFilesPayloadLimit: (bytes) => {
      state.payloadLimit = bytes;
    },
    settled: async () => {
      const latest = Math.max(0, ...[...state.themes.values()].filter((t) => t.processing).map((t) => t.readyAt));
      const wait = latest - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait + 1));
    },
  };
}
