/**
 * Repositories kept open between backup jobs of a worker process. Opening a
 * shop's repository is cheap, but its first write loads the record index
 * (every index object, ~25 bytes a record in memory): about 0.4 s at 300k
 * records, seconds on the large store, for every webhook-driven incremental
 * if each job opened the repository afresh. A kept handle is refreshed
 * before each use (Repository.refresh: config re-read, key and block caches
 * dropped, index brought up to date), so work done meanwhile by other
 * processes (prune, a subject forgotten, the shop erased) is seen.
 *
 * The queue runs one job per shop at a time, so a handle is never used by
 * two jobs at once. Bounded by `maxShops` (least recently used goes) and
 * `idleMs` (a shop without jobs gives its memory back).
 */
import type { Repository } from "~/repo";

export interface RepositoryCache {
  /** The shop's repository, opened on first use and refreshed on later ones. */
  get(shop: string): Promise<Repository>;
  readonly size: number;
}

export interface RepositoryCacheOptions {
  open(shop: string): Promise<Repository>;
  maxShops?: number;
  idleMs?: number;
  now?: () => number;
}

export function createRepositoryCache(options: RepositoryCacheOptions): RepositoryCache {
  const maxShops = options.maxShops ?? 2;
  const idleMs = options.idleMs ?? 15 * 60_000;
  const now = options.now ?? Date.now;
  const kept = new Map<string, { repository: Repository; usedAt: number }>();

  const evict = () => {
    for (const [shop, entry] of kept) if (now() - entry.usedAt > idleMs) kept.delete(shop);
    // Map order is insertion order and every use re-inserts: the first entries are the least recently used.
    while (kept.size > maxShops) kept.delete(kept.keys().next().value!);
  };

  return {
    async get(shop) {
      evict();
      const entry = kept.get(shop);
      kept.delete(shop);
      let repository = entry?.repository;
      if (repository) {
        try {
          await repository.refresh();
        } catch {
          // Destroyed or unreadable meanwhile: open() says what is wrong, or creates it anew.
          repository = undefined;
        }
      }
      repository ??= await options.open(shop);
      kept.set(shop, { repository, usedAt: now() });
      evict();
      return repository;
    },
    get size() {
      return kept.size;
    },
  };
}
