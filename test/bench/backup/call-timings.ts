/**
 * Durations of the calls the incremental job makes (GraphQL requests by
 * operation name, repository and catalog methods), to show where a batch's
 * time goes. Calls overlap (reads run 4 in flight, the lanes side by side),
 * so `total_s` is a sum of durations, not wall time.
 */
export interface CallStats {
  n: number;
  total_s: number;
  p50_ms: number;
  p95_ms: number;
  max_ms: number;
}

export function createCallTimings() {
  const calls = new Map<string, number[]>();
  const record = (name: string, ms: number) => {
    const list = calls.get(name) ?? [];
    list.push(ms);
    calls.set(name, list);
  };

  /** `target` with each of `methods` timed under `nameOf(method, args)`; everything else passes through. */
  function timed<T extends object>(target: T, methods: readonly string[], nameOf: (method: string, args: unknown[]) => string): T {
    return new Proxy(target, {
      get(object, property) {
        const value: unknown = Reflect.get(object, property, object);
        if (typeof value !== "function") return value;
        const method = value as (...args: unknown[]) => unknown;
        if (!methods.includes(String(property))) return method.bind(object);
        return async (...args: unknown[]) => {
          const started = performance.now();
          try {
            return await method.apply(object, args);
          } finally {
            record(nameOf(String(property), args), performance.now() - started);
          }
        };
      },
    });
  }

  function report(): Record<string, CallStats> {
    const out: Record<string, CallStats> = {};
    for (const [name, list] of [...calls].sort(([a], [b]) => a.localeCompare(b))) {
      const at = (q: number) => Math.round(percentile(list, q) ?? 0);
      out[name] = { n: list.length, total_s: Number((list.reduce((s, v) => s + v, 0) / 1000).toFixed(1)), p50_ms: at(0.5), p95_ms: at(0.95), max_ms: at(1) };
    }
    return out;
  }

  return { timed, report };
}

/** The p-quantile of `list` (nearest rank), or null when it is empty. */
export function percentile(list: number[], p: number): number | null {
  if (list.length === 0) return null;
  const sorted = [...list].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * p) - 1)];
}

/** The operation name of a GraphQL document (`query Name(…)`), for grouping requests. */
export function operationName(document: unknown): string {
  const match = /^\s*(?:query|mutation)\s+(\w+)/.exec(String(document));
  return match ? match[1] : "anonymous";
}
