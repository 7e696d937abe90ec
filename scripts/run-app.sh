#!/usr/bin/env bash
# Runs an app entry point (server.ts, worker.ts, scripts/demo.ts) under tsx
# with the memory settings the backup pipeline is measured with
# (docs/backup-pipeline.md, "Memory"): V8 young generation of 2 MB semi-spaces,
# and glibc keeping neither per-thread arenas nor a raised mmap threshold.
# test/bench/backup.bench.ts sets the same for its measured process.
export MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=65536
exec npx tsx --max-semi-space-size=2 "$@"
