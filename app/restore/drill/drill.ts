/**
 * A restore drill ("test your backups"): from a snapshot, a random sample of
 * records (25 products and a few of every other type by default) is read
 * back (decrypt + re-hash against its id), the sampled products are turned
 * into the exact productSet variables a restore would send to re-create
 * them, and those are validated against the Admin schema. Nothing is
 * written to the store. Restoring the sample into a development store is a
 * further step (docs/restore-drills.md) that would take `inputs` from here.
 */
import type { Repository } from "~/repo";
import type { AdminSchemaResult } from "~/shopify/admin-schema.server";
import { readBack, recordKey } from "./integrity";
import { recreateInputs, type ProductRestoreInput } from "./product-inputs";
import { samplePlan, samplePositions } from "./sample";
import type { DrillOptions, DrillProblem, DrillResult, DrillStep, SampledRecord, SampleSource } from "./types";
import { validateProductInputs } from "./validate";
import { averageShape, shapeOfProductSetInput } from "../estimate";
import type { JsonObject } from "../types";

export const DEFAULT_DRILL_PRODUCTS = 25;
export const DEFAULT_DRILL_OTHERS = 3;

export interface DrillInput extends DrillOptions {
  repository: Repository;
  snapshotId: string;
  source: SampleSource;
  /** The Admin schema, or why it is unavailable (the step is then reported, not failed). */
  schema: () => AdminSchemaResult;
  now?: () => number;
}

/** Runs one drill over `snapshotId`; damage is reported, never thrown (storage outages still throw: the job retries). */
export async function runDrill(input: DrillInput): Promise<DrillResult & { inputs: ProductRestoreInput[] }> {
  const now = input.now ?? Date.now;
  const started = now();
  const random = input.random ?? Math.random;
  const counts = await input.source.counts(input.snapshotId);
  const plan = samplePlan(counts, input.products ?? DEFAULT_DRILL_PRODUCTS, input.othersPerType ?? DEFAULT_DRILL_OTHERS);
  const sample = new Map<string, SampledRecord[]>();
  for (const [type, k] of Object.entries(plan)) sample.set(type, await input.source.at(input.snapshotId, type, samplePositions(counts[type], k, random)));
  const sampled = Object.fromEntries([...sample].map(([type, rows]) => [type, rows.length]));
  const sampleSize = Object.values(sampled).reduce((a, b) => a + b, 0);
  const seconds = () => Math.round((now() - started) / 100) / 10;
  if (sampleSize === 0) {
    const problems: DrillProblem[] = [{ kind: "snapshot", message: `Snapshot ${input.snapshotId} lists no records to sample (is it catalogued?)` }];
    return { snapshotId: input.snapshotId, outcome: "failed", sampleSize, sampled, redacted: 0, steps: [], problems, productShape: null, seconds: seconds(), inputs: [] };
  }

  const steps: DrillStep[] = [];
  const back = await readBack(input.repository, input.snapshotId, sample);
  steps.push({ step: "integrity", status: back.problems.length ? "problems" : "ok", count: sampleSize - back.redacted, ...(back.redacted ? { message: `${back.redacted} redacted records skipped` } : {}) });

  const products = new Map<string, JsonObject>();
  for (const row of sample.get("Product") ?? []) {
    const record = back.records.get(recordKey("Product", row.gid));
    if (record) products.set(row.gid, record);
  }
  const built = products.size ? await recreateInputs(input.repository, input.snapshotId, products) : { inputs: [], problems: [] };
  steps.push({ step: "inputs", status: products.size === 0 ? "skipped" : built.problems.length ? "problems" : "ok", count: built.inputs.length });

  const problems = [...back.problems, ...built.problems];
  if (built.inputs.length === 0) {
    steps.push({ step: "schema", status: "skipped", count: 0 });
  } else {
    const loaded = input.schema();
    if (!loaded.schema) {
      steps.push({ step: "schema", status: "unavailable", count: 0, message: `Schema validation unavailable: ${loaded.unavailable}` });
    } else {
      const invalid = validateProductInputs(loaded.schema, built.inputs);
      problems.push(...invalid);
      steps.push({ step: "schema", status: invalid.length ? "problems" : "ok", count: built.inputs.length });
    }
  }
  const productShape = averageShape(built.inputs.map((i) => shapeOfProductSetInput(i.variables.input)));
  return { snapshotId: input.snapshotId, outcome: problems.length ? "problems" : "ok", sampleSize, sampled, redacted: back.redacted, steps, problems, productShape, seconds: seconds(), inputs: built.inputs };
}
