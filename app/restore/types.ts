/** Shared shapes of a restore: what is selected, the previewed diff, the journaled steps and the report. */
import type { JsonObject } from "~/backup/normalise";

export type { JsonObject };

/** What to restore. */
/** `sourceShop`: the snapshot belongs to another shop (a restore into a clone); GIDs then count only through the GID map. */
export type RestoreSelection =
  | { kind: "records"; snapshotId: string; type: string; gids: string[]; sourceShop?: string }
  | { kind: "changedSince"; type: string; since: string; sourceShop?: string };

/**
 * Which diff paths to take from the snapshot: "all", or an explicit list of
 * paths as the preview shows them (e.g. `title`, `variants["Red / S"].price`).
 * Per product GID; a product missing from the map takes everything.
 */
export type FieldChoices = "all" | Record<string, string[]>;

/** One field that differs between the live store and the snapshot. */
export interface FieldDiff {
  path: string;
  live: unknown;
  target: unknown;
}

/** Why a product cannot be restored as planned (shown in the preview and the report). */
export interface RecordNote {
  gid: string;
  reason: string;
}

/** The preview of one product. */
export interface ProductPreview {
  gid: string;
  title: string;
  /** update: product exists; create: deleted, will be re-created; delete: absent at the snapshot (undo of a re-create). */
  action: "update" | "create" | "delete" | "none";
  /** Live GID (differs from `gid` once a re-create was recorded in the GID map). */
  liveGid: string | null;
  diff: FieldDiff[];
  notes: string[];
}

/** A media file a productSet step still has to resolve at execution time (URL if still served, else upload). */
export interface PendingMedia {
  /** Index in `input.files` to fill in. */
  index: number;
  mediaGid: string;
  url: string | null;
  sha256: string | null;
  size: number | null;
  contentType: string | null;
  alt: string | null;
}

/** productSet/inventory/productDelete restore products; recordWrite/recordDelete every other type (records/). */
export type StepKind = "productSet" | "inventory" | "productDelete" | "recordWrite" | "recordDelete";

/** One journaled write of the plan. */
export interface PlanStep {
  /** Dependency order inside the run (steps of one record run in seq order). */
  seq: number;
  kind: StepKind;
  /** The record this step restores (the snapshot's GID). */
  recordGid: string;
  /** The exact mutation input (productSet: {identifier, input, media, create}; inventory: {quantities}). */
  input: JsonObject;
  summary: string;
}

export type StepStatus = "planned" | "sent" | "done" | "skipped" | "failed";

export interface StepState extends PlanStep {
  status: StepStatus;
  result: JsonObject | null;
  userErrors: JsonObject[] | null;
  attempts: number;
}

export type RecordOutcome = "restored" | "skipped" | "failed";

/** One line of the report. */
export interface RecordReport {
  gid: string;
  title: string;
  outcome: RecordOutcome;
  newGid?: string;
  reason?: string;
  userErrors?: JsonObject[];
}

export interface RestoreReport {
  records: RecordReport[];
  restored: number;
  skipped: number;
  failed: number;
  /** Mutation points spent by this run's writes. */
  cost: number;
  throttledResponses: number;
  seconds: number;
  /** What the merchant should know about the run as a whole (e.g. no safety net could be taken). */
  notes?: string[];
}

/** A planned restore, as the preview shows it and the journal stores it. */
export interface RestorePlan {
  snapshotId: string;
  previews: ProductPreview[];
  steps: PlanStep[];
  /** Products the plan leaves alone, with the reason. */
  skipped: RecordNote[];
  /** Every product GID the run writes (safety net scope). */
  affected: string[];
}
