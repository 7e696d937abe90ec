/** Job kinds of the incremental pipeline and the schedules (one place, so handlers and enqueuers agree). */
export const INCREMENTAL_JOB = "incremental";
export const POLL_CONTENT_JOB = "poll-content";
export const RETENTION_JOB = "retention";
