/**
 * A value computed from the whole catalog (one walk over every product) and
 * kept until the catalog's next write: `CatalogState.revision` moves on
 * every write, so a cached value from an older revision is never served.
 */
export class PerRevision<T> {
  private cached: { revision: number; value: T } | undefined;

  constructor(
    private readonly revision: () => number,
    private readonly compute: () => T,
  ) {}

  /** The value for the current revision, computed if needed. */
  get(): T {
    const revision = this.revision();
    if (this.cached?.revision !== revision) this.cached = { revision, value: this.compute() };
    return this.cached.value;
  }

  /** The value if it is still current, without computing it. */
  peek(): T | undefined {
    return this.cached?.revision === this.revision() ? this.cached.value : undefined;
  }
}
