/**
 * Shopify's leaky bucket for the GraphQL Admin API (shopify.dev "API rate
 * limits", The leaky bucket algorithm): one bucket per app and shop, sized and
 * refilled by the shop's plan; a request needs room for its requested cost up
 * front, and the difference to its actual cost is refunded afterwards.
 */

/** Milliseconds since the epoch; injectable so tests can move time. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export type Plan = "standard" | "plus";

/**
 * Standard: 100 points/s; Shopify Plus: 1,000 points/s (shopify.dev rate
 * limits table). The bucket holds 20 seconds of restore, as the 2,000-point
 * standard bucket Shopify reports in throttleStatus does.
 */
export const PLAN_LIMITS: Record<Plan, { maximumAvailable: number; restoreRate: number }> = {
  standard: { maximumAvailable: 2000, restoreRate: 100 },
  plus: { maximumAvailable: 20000, restoreRate: 1000 },
};

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

export class LeakyBucket {
  private available: number;
  private updatedAt: number;

  constructor(
    readonly maximumAvailable: number,
    readonly restoreRate: number,
    private readonly clock: Clock = systemClock,
  ) {
    this.available = maximumAvailable;
    this.updatedAt = clock.now();
  }

  /** Takes `cost` points if there is room; false (and nothing taken) otherwise. */
  take(cost: number): boolean {
    this.refill();
    if (cost > this.available) return false;
    this.available -= cost;
    return true;
  }

  /** Returns points charged but not used (requested minus actual cost). */
  refund(points: number): void {
    this.refill();
    this.available = Math.min(this.maximumAvailable, this.available + Math.max(0, points));
  }

  status(): ThrottleStatus {
    this.refill();
    return {
      maximumAvailable: this.maximumAvailable,
      currentlyAvailable: Math.floor(this.available),
      restoreRate: this.restoreRate,
    };
  }

  private refill(): void {
    const now = this.clock.now();
    const elapsedSeconds = Math.max(0, now - this.updatedAt) / 1000;
    this.updatedAt = now;
    this.available = Math.min(this.maximumAvailable, this.available + elapsedSeconds * this.restoreRate);
  }
}
