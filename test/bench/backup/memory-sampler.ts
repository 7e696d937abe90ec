/**
 * Samples this process's memory every `everyMs` and remembers the highest
 * RSS with what made it up at that moment (JS heap, ArrayBuffers), per
 * named phase, so a benchmark can say which phase peaked and why.
 */
export interface MemoryPeak {
  rss_mb: number;
  heap_used_mb: number;
  array_buffers_mb: number;
  external_mb: number;
}

export interface MemorySampler {
  /** Starts a new phase; later samples count towards it. */
  phase(name: string): void;
  /** Peak per phase, plus `max_rss_mb`: the kernel's high-water mark for the whole process (worker threads included). */
  report(): { phases: Record<string, MemoryPeak>; max_rss_mb: number };
  /** Highest sampled RSS over the phases whose name starts with `prefix` ("" = all). */
  peak(prefix?: string): number;
  /** RSS now, MB. */
  now(): number;
  stop(): void;
}

const MB = 1 << 20;

export function startMemorySampler(everyMs = 50): MemorySampler {
  const phases: Record<string, MemoryPeak> = {};
  let current = "start";
  const sample = () => {
    const m = process.memoryUsage();
    const peak = phases[current];
    if (peak && peak.rss_mb >= m.rss / MB) return;
    phases[current] = {
      rss_mb: Math.round(m.rss / MB),
      heap_used_mb: Math.round(m.heapUsed / MB),
      array_buffers_mb: Math.round(m.arrayBuffers / MB),
      external_mb: Math.round(m.external / MB),
    };
  };
  const timer = setInterval(sample, everyMs);
  timer.unref();
  return {
    phase(name) {
      sample();
      current = name;
      sample();
    },
    report: () => ({ phases, max_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024) }),
    peak: (prefix = "") => Math.max(0, ...Object.entries(phases).filter(([name]) => name.startsWith(prefix)).map(([, p]) => p.rss_mb)),
    now: () => Math.round(process.memoryUsage().rss / MB),
    stop: () => clearInterval(timer),
  };
}
