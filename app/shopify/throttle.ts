/**
 * The client's local picture of Shopify's leaky bucket (one per app and shop).
 * Resynchronised from every response's `extensions.cost.throttleStatus`,
 * refilled locally at `restoreRate` in between, and debited up front by the
 * requested cost of every request in flight, so concurrent requests never
 * spend the same points twice.
 */

/** `extensions.cost.throttleStatus` as the Admin API reports it. */
export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

/** What the client believes about the bucket right now. */
export interface ThrottleState {
  /** False until the first response told us the bucket's size. */
  known: boolean;
  maximumAvailable: number;
  restoreRate: number;
  /** Estimated points available now, after in-flight reservations. */
  estimatedAvailable: number;
  /** Requested cost of requests in flight. */
  reserved: number;
  inFlight: number;
}

export class BucketEstimate {
  private status: ThrottleStatus | undefined;
  private syncedAt = 0;
  private reservedPoints = 0;
  private inFlightCount = 0;

  constructor(private readonly now: () => number) {}

  get known(): boolean {
    return this.status !== undefined;
  }

  get inFlight(): number {
    return this.inFlightCount;
  }

  /** Points the bucket should hold now, minus what requests in flight may still take. */
  available(): number {
    if (!this.status) return Number.POSITIVE_INFINITY;
    const elapsed = Math.max(0, this.now() - this.syncedAt) / 1000;
    const level = Math.min(this.status.maximumAvailable, this.status.currentlyAvailable + elapsed * this.status.restoreRate);
    return level - this.reservedPoints;
  }

  /** Milliseconds until `cost` points should be available (0 if they are now). */
  waitFor(cost: number): number {
    if (!this.status) return 0;
    const short = Math.min(cost, this.status.maximumAvailable) - this.available();
    if (short <= 0) return 0;
    return Math.ceil((short / this.status.restoreRate) * 1000);
  }

  /** True when even a full bucket could not hold `cost` beside the requests in flight. */
  blockedByInFlight(cost: number): boolean {
    if (!this.status || this.inFlightCount === 0) return false;
    return Math.min(cost, this.status.maximumAvailable) > this.status.maximumAvailable - this.reservedPoints;
  }

  reserve(cost: number): void {
    this.reservedPoints += cost;
    this.inFlightCount += 1;
  }

  /**
   * Ends a reservation. With a throttle status the server's figure replaces
   * ours (it already charged this request); without one we assume the
   * request was charged in full, the safe side.
   */
  release(cost: number, status: ThrottleStatus | undefined): void {
    this.reservedPoints = Math.max(0, this.reservedPoints - cost);
    this.inFlightCount = Math.max(0, this.inFlightCount - 1);
    if (status) {
      this.status = { ...status };
      this.syncedAt = this.now();
    } else if (this.status) {
      const level = this.available() + this.reservedPoints;
      this.status = { ...this.status, currentlyAvailable: Math.max(0, level - cost) };
      this.syncedAt = this.now();
    }
  }

  snapshot(): ThrottleState {
    return {
      known: this.known,
      maximumAvailable: this.status?.maximumAvailable ?? 0,
      restoreRate: this.status?.restoreRate ?? 0,
      estimatedAvailable: this.status ? Math.floor(this.available()) : 0,
      reserved: this.reservedPoints,
      inFlight: this.inFlightCount,
    };
  }
}
