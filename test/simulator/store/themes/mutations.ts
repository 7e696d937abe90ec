/** themeCreate, themeFilesUpsert, themeFilesDelete, themeDelete and themePublish. */
import { randomUUID } from "node:crypto";
import { gid, SimUserError, type ResolverMap, type UserError } from "../core";
import { fitCodes } from "../content/table";
import { makeFile, themePayload, themeView, type Theme, type ThemeFile, type ThemeState } from "./state";
import { readZip, ZipError, type ZipEntry } from "./zip";

/** Shopify's limit for a theme zip. */
const MAX_ZIP_BYTES = 50 * 1024 * 1024;
/** themeFilesUpsert "can process a maximum of 50 files in a single request". */
const MAX_FILES_PER_UPSERT = 50;
const THEME_DIRS = ["assets", "blocks", "config", "layout", "locales", "sections", "snippets", "templates"];
/** Files a theme cannot lose: Shopify refuses to delete them. */
const REQUIRED_FILES = new Set(["layout/theme.liquid", "config/settings_schema.json"]);

export interface ThemeWriteOptions {
  /** Whether the app holds Shopify's write_themes exemption (theme file writes). */
  exempt: boolean;
  /** How long an imported theme stays `processing`, in ms. */
  processingMs: number;
}

interface FileError extends UserError {
  filename?: string | null;
}

const fileErrors = (list: FileError[]) => fitCodes(list, "OnlineStoreThemeFilesUserErrorsCode").map((e, i) => ({ ...e, filename: list[i].filename ?? null }));

function parseId(value: unknown): number | undefined {
  const match = /^gid:\/\/shopify\/OnlineStoreTheme\/(\d+)$/.exec(String(value));
  return match ? Number(match[1]) : undefined;
}

/** Theme files must live in a theme folder; JSON files must parse (Shopify's header comment allowed). */
function validateFile(filename: string, body: Uint8Array): string | null {
  const [dir, ...rest] = filename.split("/");
  if (!THEME_DIRS.includes(dir) || rest.length === 0 || rest.some((part) => !part || part === "..")) return `${filename} is not a valid theme file path`;
  if (filename.endsWith(".json")) {
    const text = Buffer.from(body).toString("utf8").replace(/^\s*\/\*[\s\S]*?\*\//, "");
    try {
      JSON.parse(text);
    } catch (error) {
      return `${filename}: invalid JSON (${(error as Error).message})`;
    }
  }
  return null;
}

/** Shopify accepts theme folders at the archive root or inside one top-level folder. */
function themeEntries(entries: ZipEntry[]): ZipEntry[] {
  const atRoot = entries.some((e) => THEME_DIRS.includes(e.filename.split("/")[0]));
  const prefix = atRoot ? "" : (entries[0]?.filename.split("/")[0] ?? "") + "/";
  return entries
    .filter((e) => e.filename.startsWith(prefix))
    .map((e) => ({ filename: e.filename.slice(prefix.length), body: e.body }))
    .filter((e) => THEME_DIRS.includes(e.filename.split("/")[0]) && !e.filename.split("/").pop()?.startsWith("."));
}

async function download(url: string): Promise<Uint8Array> {
  const response = await fetch(url, { signal: AbortSignal.timeout(15_000) });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

export function themeMutations(state: ThemeState, options: ThemeWriteOptions): ResolverMap {
  const { core } = state;
  const requireExemption = (field: string) => {
    // Without the exemption Shopify answers with a top-level ACCESS_DENIED error, not a userError.
    if (!options.exempt) throw new SimUserError(`Access denied for ${field} field. Required access: The user must have write_themes and write_themes_assets.`, undefined, "ACCESS_DENIED");
  };
  const themeNotFound = { field: ["themeId"], message: "Theme does not exist", code: "NOT_FOUND" };

  const themeCreate = async (args: Record<string, unknown>) => {
    const fail = (message: string, code: string, field = ["source"]) => ({ theme: null, userErrors: fitCodes([{ field, message, code }], "ThemeCreateUserErrorCode") });
    // `role` exists from API 2025-04 (UNPUBLISHED or DEVELOPMENT only); 2025-01 documents have no role argument.
    const role = args.role ? String(args.role) : "UNPUBLISHED";
    if (!["UNPUBLISHED", "DEVELOPMENT"].includes(role)) return fail("Only UNPUBLISHED and DEVELOPMENT themes can be created", "INVALID_THEME_ROLE_FOR_THEME_CREATION", ["role"]);
    const source = String(args.source);
    let archive: Uint8Array;
    try {
      archive = await download(source);
    } catch (error) {
      return fail(`The theme source could not be downloaded: ${(error as Error).message}`, "INVALID_ZIP");
    }
    if (archive.byteLength > MAX_ZIP_BYTES) return fail("Zip file is too large (maximum is 50 MB)", "ZIP_TOO_LARGE");
    let entries: ZipEntry[];
    try {
      entries = themeEntries(readZip(archive));
    } catch (error) {
      return fail(error instanceof ZipError ? `Invalid zip file: ${error.message}` : "Invalid zip file", "INVALID_ZIP");
    }
    if (entries.length === 0) return fail("Zip file is empty", "ZIP_IS_EMPTY");
    // A theme without layout/theme.liquid cannot render, and Shopify rejects it.
    if (!entries.some((e) => e.filename === "layout/theme.liquid")) return fail("Theme is missing layout/theme.liquid", "INVALID_ZIP");
    const invalid = entries.map((e) => validateFile(e.filename, e.body)).find(Boolean);
    if (invalid) return fail(invalid, "INVALID_ZIP");

    const now = core.now().toISOString();
    const files = new Map<string, ThemeFile>(entries.map((e) => [e.filename, makeFile(e.filename, e.body, now)]));
    const theme: Theme = {
      id: state.nextId(),
      name: args.name ? String(args.name) : decodeURIComponent(new URL(source).pathname.split("/").pop() ?? "Theme").replace(/\.zip$/i, ""),
      role,
      themeStoreId: null,
      createdAt: now,
      updatedAt: now,
      // Shopify returns the new theme at once and imports its files in the background.
      processing: true,
      processingFailed: false,
      readyAt: Date.now() + options.processingMs,
      files,
      seedIndex: -1,
    };
    state.themes.set(theme.id, theme);
    core.emit("themes/create", themePayload(theme));
    return { theme: themeView(state, theme), userErrors: [] };
  };

  const themeFilesUpsert = async (args: Record<string, unknown>) => {
    requireExemption("themeFilesUpsert");
    const inputs = args.files as { filename: string; body: { type: "TEXT" | "BASE64" | "URL"; value: string } }[];
    const respond = (list: FileError[]) => ({ job: null, upsertedThemeFiles: null, userErrors: fileErrors(list) });
    if (inputs.length > MAX_FILES_PER_UPSERT) return respond([{ field: ["files"], message: `Files must be less than or equal to ${MAX_FILES_PER_UPSERT}`, code: "LESS_THAN_OR_EQUAL_TO" }]);
    const theme = state.get(parseId(args.themeId) ?? -1);
    if (!theme) return respond([themeNotFound]);
    const errors: FileError[] = [];
    const seen = new Set<string>();
    const decoded: { filename: string; body: Uint8Array }[] = [];
    for (const [index, input] of inputs.entries()) {
      const field = ["files", String(index)];
      if (seen.has(input.filename)) {
        errors.push({ field, filename: input.filename, message: `${input.filename} is given more than once`, code: "DUPLICATE_FILE_INPUT" });
        continue;
      }
      seen.add(input.filename);
      let body: Uint8Array;
      if (input.body.type === "TEXT") body = Buffer.from(input.body.value, "utf8");
      else if (input.body.type === "BASE64") {
        if (!/^[A-Za-z0-9+/]*={0,2}$/.test(input.body.value.replace(/\s/g, ""))) {
          errors.push({ field: [...field, "body", "value"], filename: input.filename, message: "Body is not valid base64", code: "FILE_VALIDATION_ERROR" });
          continue;
        }
        body = Buffer.from(input.body.value, "base64");
      } else {
        try {
          body = await download(input.body.value);
        } catch (error) {
          errors.push({ field: [...field, "body", "value"], filename: input.filename, message: `Could not download ${input.body.value}: ${(error as Error).message}`, code: "FILE_VALIDATION_ERROR" });
          continue;
        }
      }
      const problem = validateFile(input.filename, body);
      if (problem) errors.push({ field: [...field, "filename"], filename: input.filename, message: problem, code: "FILE_VALIDATION_ERROR" });
      else decoded.push({ filename: input.filename, body });
    }
    // The simulator writes all files or none, so a failed call leaves the theme unchanged.
    if (errors.length) return respond(errors);
    const now = core.now().toISOString();
    const files = state.filesOf(theme);
    for (const { filename, body } of decoded) files.set(filename, makeFile(filename, body, now, files.get(filename)?.createdAt ?? now));
    theme.updatedAt = now;
    core.emit("themes/update", themePayload(theme));
    return {
      // Shopify writes theme files asynchronously and returns a job; here the write is already done.
      job: { __typename: "Job", id: gid("Job", randomUUID()), done: true, query: null },
      upsertedThemeFiles: decoded.map(({ filename }) => ({ filename, ...operationResult(files.get(filename) as ThemeFile) })),
      userErrors: [],
    };
  };

  const themeFilesDelete = (args: Record<string, unknown>) => {
    requireExemption("themeFilesDelete");
    const respond = (list: FileError[]) => ({ deletedThemeFiles: null, userErrors: fileErrors(list) });
    const theme = state.get(parseId(args.themeId) ?? -1);
    if (!theme) return respond([themeNotFound]);
    const names = args.files as string[];
    const files = state.filesOf(theme);
    const errors: FileError[] = names.flatMap((filename, index): FileError[] => {
      if (REQUIRED_FILES.has(filename)) return [{ field: ["files", String(index)], filename, message: `${filename} is required and cannot be deleted`, code: "FILE_VALIDATION_ERROR" }];
      if (!files.has(filename)) return [{ field: ["files", String(index)], filename, message: `${filename} does not exist`, code: "NOT_FOUND" }];
      return [];
    });
    if (errors.length) return respond(errors);
    const deleted = names.map((filename) => ({ filename, ...operationResult(files.get(filename) as ThemeFile) }));
    for (const filename of names) files.delete(filename);
    theme.updatedAt = core.now().toISOString();
    core.emit("themes/update", themePayload(theme));
    return { deletedThemeFiles: deleted, userErrors: [] };
  };

  const themeDelete = (args: Record<string, unknown>) => {
    const theme = state.get(parseId(args.id) ?? -1);
    const fail = (message: string, code?: string) => ({ deletedThemeId: null, userErrors: fitCodes([{ field: ["id"], message, code }], "ThemeDeleteUserErrorCode") });
    if (!theme) return fail("Theme does not exist", "NOT_FOUND");
    // The published theme cannot be deleted; Shopify's error enum has no code for it.
    if (theme.role === "MAIN") return fail("The published theme can't be deleted");
    state.themes.delete(theme.id);
    theme.updatedAt = core.now().toISOString();
    core.emit("themes/delete", { id: theme.id, admin_graphql_api_id: gid("OnlineStoreTheme", theme.id), updated_at: theme.updatedAt });
    return { deletedThemeId: gid("OnlineStoreTheme", theme.id), userErrors: [] };
  };

  const themePublish = (args: Record<string, unknown>) => {
    const theme = state.get(parseId(args.id) ?? -1);
    const fail = (message: string, code: string) => ({ theme: null, userErrors: fitCodes([{ field: ["id"], message, code }], "ThemePublishUserErrorCode") });
    if (!theme) return fail("Theme does not exist", "NOT_FOUND");
    if (theme.processing) return fail("The theme is still being installed", "CANNOT_PUBLISH_THEME_DURING_INSTALL");
    const now = core.now().toISOString();
    for (const other of state.themes.values()) {
      // Publishing demotes the previous main theme to unpublished.
      if (other.role === "MAIN" && other.id !== theme.id) {
        other.role = "UNPUBLISHED";
        other.updatedAt = now;
      }
    }
    theme.role = "MAIN";
    theme.updatedAt = now;
    core.emit("themes/publish", themePayload(theme));
    return { theme: themeView(state, theme), userErrors: [] };
  };

  return { themeCreate, themeFilesUpsert, themeFilesDelete, themeDelete, themePublish };
}

/** Extra OnlineStoreThemeFileOperationResult fields of later API versions (size, checksum, dates). */
function operationResult(file: ThemeFile) {
  return { checksumMd5: file.checksumMd5, size: String(file.body.byteLength), createdAt: file.createdAt, updatedAt: file.updatedAt };
}
