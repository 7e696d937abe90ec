/**
 * The client's local picture of Shopify's leaky bucket (one per app and shop).
 * Resynchronised from every response's `extensions.cost.throttleStatus`,
 * refilled locally at `restoreRate` in between, and debited up front by the
 * requested cost of every request in flight, so concurrent requests never
 * spend the same points twice.
 *
 * Shopify takes a request's requested cost when the request arrives, so the
 * status in one answer already counts the other requests that had reached it.
 * Keeping their reservations after that resync counted them twice: with four
 * product queries in flight (~400 points requested each) the client believed
 * the bucket up to ~1,200 points emptier than it was and left them idle. The
 * answer itself shows how much was taken since the last resync (the level we
 * expected, less this request's actual cost, less the level reported); that
 * many points of the oldest reservations are settled: taken as counted.
 * Timing is no guide here (an answer can sit in a busy event loop); the
 * arithmetic errs on the safe side, settling less when unsure.
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

/** A reservation: one request in flight. */
export interface Reservation {
  readonly cost: number;
  /** True once a resync's status is taken to include this request's debit. */
  settled: boolean;
}

export class BucketEstimate {
  private status: ThrottleStatus | undefined;
  private syncedAt = 0;
  private reservedPoints = 0;
  private readonly open = new Set<Reservation>();

  constructor(private readonly now: () => number) {}

  get known(): boolean {
    return this.status !== undefined;
  }

  get inFlight(): number {
    return this.open.size;
  }

  /** Points the bucket should hold now, minus what requests in flight may still take. */
  available(): number {
    if (!this.status) return Number.POSITIVE_INFINITY;
    return this.level() - this.reservedPoints;
  }

  /** The last reported level, refilled since. */
  private level(): number {
    const status = this.status as ThrottleStatus;
    const elapsed = Math.max(0, this.now() - this.syncedAt) / 1000;
    return Math.min(status.maximumAvailable, status.currentlyAvailable + elapsed * status.restoreRate);
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
    if (!this.status || this.open.size === 0) return false;
    return Math.min(cost, this.status.maximumAvailable) > this.status.maximumAvailable - this.reservedPoints;
  }

  reserve(cost: number): Reservation {
    const reservation: Reservation = { cost, settled: false };
    this.open.add(reservation);
    this.reservedPoints += cost;
    return reservation;
  }

  /**
   * Ends a reservation. With a throttle status the server's figure replaces
   * ours; `actualCost` is what this request was charged (0 for a THROTTLED
   * answer). Without a status we assume the request was charged in full, the
   * safe side.
   */
  release(reservation: Reservation, status: ThrottleStatus | undefined, actualCost = reservation.cost): void {
    const expected = this.status ? this.level() : undefined;
    if (this.open.delete(reservation) && !reservation.settled) this.reservedPoints = Math.max(0, this.reservedPoints - reservation.cost);
    if (status) {
      // Points taken by other requests since the last resync. This request
      // changed the level by its actual cost, or (settled: its debit was in
      // that resync) by its refund. Were an unsettled request's debit in it
      // after all, the figure comes out too small: fewer settled, never more.
      const own = reservation.settled ? actualCost - reservation.cost : actualCost;
      let takenByOthers = expected === undefined ? 0 : expected - own - status.currentlyAvailable;
      this.status = { ...status };
      this.syncedAt = this.now();
      for (const other of this.open) {
        if (other.settled) continue;
        if (other.cost > takenByOthers) break;
        takenByOthers -= other.cost;
        other.settled = true;
        this.reservedPoints = Math.max(0, this.reservedPoints - other.cost);
      }
    } else if (this.status) {
      this.status = { ...this.status, currentlyAvailable: Math.max(0, (expected ?? 0) - reservation.cost) };
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
      inFlight: this.open.size,
    };
  }
}
