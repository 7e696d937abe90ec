/** Public surface of the snapshot repository engine. */
export { createRepository, openOrCreate, type Repository } from "./repository";
export { canonicalJson, canonicalize } from "./canonical";
export { planForget } from "./forget-policy";
export { RedactedError } from "./errors";
export { FORMAT_VERSION, type RepositoryTuning } from "./format";
export type { RecordVersion } from "./read-ops";
export type * from "./types";
