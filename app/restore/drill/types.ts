/** Shapes of a restore drill: what it sampled, each step's result, and the problems it names. */
import type { ProductShape } from "../estimate";

/** The job kind the scheduler and "Run a drill now" enqueue. */
export const DRILL_JOB = "restore-drill";

export type DrillOutcome = "ok" | "problems" | "failed";

/** One thing a drill found wrong, naming the record it concerns where there is one. */
export interface DrillProblem {
  /**
   * integrity: the record does not decrypt or re-hash to its id (or is missing);
   * catalog: the catalog names another record id than the snapshot;
   * input: the restore input could not be built; schema: the input fails the Admin schema;
   * snapshot: no snapshot, or its listing is unreadable;
   * devstore: the sample restored into the development store failed or differs from the snapshot.
   */
  kind: "integrity" | "catalog" | "input" | "schema" | "snapshot" | "devstore";
  type?: string;
  gid?: string;
  recordId?: string;
  title?: string;
  message: string;
}

export type StepStatus = "ok" | "problems" | "unavailable" | "skipped";

/** One step of a drill as the page shows it. */
export interface DrillStep {
  step: "integrity" | "inputs" | "schema" | "dev-store";
  status: StepStatus;
  /** Records (integrity) or products (inputs, schema) the step covered. */
  count: number;
  message?: string;
}

export interface DrillResult {
  snapshotId: string | null;
  outcome: DrillOutcome;
  /** Records sampled, all types. */
  sampleSize: number;
  /** Sampled records per type. */
  sampled: Record<string, number>;
  /** Records that were shredded on purpose (privacy): not damage, not checked. */
  redacted: number;
  steps: DrillStep[];
  problems: DrillProblem[];
  /** Average size of the sampled products' productSet inputs (the recovery-time estimate's cost per product). */
  productShape: ProductShape | null;
  seconds: number;
}

/** One sampled record as the listing names it. */
export interface SampledRecord {
  gid: string;
  recordId: string;
  title?: string | null;
}

/** Records of one snapshot to sample from (the catalog in the app). */
export interface SampleSource {
  /** Record counts per type in the snapshot. */
  counts(snapshotId: string): Promise<Record<string, number>>;
  /** The `n` records of `type` at these positions (0-based, in a stable order). */
  at(snapshotId: string, type: string, positions: number[]): Promise<SampledRecord[]>;
}

export interface DrillOptions {
  /** Products sampled (default 25). */
  products?: number;
  /** Records sampled of every other type present (default 3). */
  othersPerType?: number;
  random?: () => number;
}
