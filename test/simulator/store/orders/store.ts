/**
 * Order state: seeded orders are regenerated on demand; only orders created
 * or edited after seeding (a Map) and deleted ids (a Set) are held. Also
 * models the `read_all_orders` window: without that scope Shopify shows an
 * app only the last 60 days of orders.
 */
import type { StoreCore } from "../core";
import type { CustomerDomain } from "../customers";
import { DAY } from "../customers/timeline";
import {
  FIRST_ORDER_NUMBER,
  isGuestOrder,
  LINE_ITEM_ID_BASE,
  LINE_SLOTS,
  ORDER_ID_BASE,
  seededOrder,
  seededOrderTimes,
  type OrderRecord,
} from "./data";
import { SeededProducts } from "./products";

/** Orders older than this are hidden from apps without read_all_orders (shopify.dev "read_all_orders"). */
export const DEFAULT_ORDER_WINDOW_MS = 60 * DAY;

export class OrderStore {
  readonly seededCount: number;
  readonly customerCount: number;
  private readAll = true;
  /** Bumped on every write or scope change, so query results can be memoised between pages. */
  version = 0;
  private readonly edited = new Map<number, OrderRecord>();
  private readonly deleted = new Set<number>();
  private readonly createdIds: number[] = [];
  private readonly createdByCustomer = new Map<number, number[]>();
  private readonly createdLineOwner = new Map<number, number>();
  private liveCache: number[] | undefined;
  private firstVisibleCache: number | undefined;
  private nextNumber: number;
  readonly products: SeededProducts;

  constructor(
    readonly core: StoreCore,
    private readonly customers: CustomerDomain,
  ) {
    this.seededCount = core.preset.orders;
    this.customerCount = customers.customerCount();
    this.products = new SeededProducts(core);
    this.nextNumber = FIRST_ORDER_NUMBER + this.seededCount;
  }

  /** Whether the app holds read_all_orders; false hides orders created more than 60 days ago. */
  get readAllOrders(): boolean {
    return this.readAll;
  }
  set readAllOrders(value: boolean) {
    this.readAll = value;
    this.version++;
  }

  seededIndexOf(id: number): number | undefined {
    const index = id - ORDER_ID_BASE;
    return Number.isInteger(index) && index >= 0 && index < this.seededCount ? index : undefined;
  }

  isUntouchedSeeded(id: number): boolean {
    return !this.edited.has(id) && this.seededIndexOf(id) !== undefined;
  }

  isLive(id: number): boolean {
    return !this.deleted.has(id) && (this.edited.has(id) || this.seededIndexOf(id) !== undefined);
  }

  /** The order whatever the read_all_orders window says; undefined if absent or deleted. */
  getAny(id: number): OrderRecord | undefined {
    if (this.deleted.has(id)) return undefined;
    const edited = this.edited.get(id);
    if (edited) return edited;
    const index = this.seededIndexOf(id);
    if (index === undefined) return undefined;
    return seededOrder(
      {
        core: this.core,
        products: this.products,
        customer: (c) => this.customers.getSeededCustomerSummary(c),
        customerCount: this.customerCount,
      },
      index,
    );
  }

  /** The order as the app may see it (respects the read_all_orders window). */
  get(id: number): OrderRecord | undefined {
    return this.isVisible(id) ? this.getAny(id) : undefined;
  }

  times(id: number): { createdMs: number; updatedMs: number } {
    const edited = this.edited.get(id);
    if (edited) return { createdMs: Date.parse(edited.createdAt), updatedMs: Date.parse(edited.updatedAt) };
    return seededOrderTimes(this.core, this.seededIndexOf(id) ?? 0);
  }

  private cutoffMs(): number {
    return this.core.seededAt().getTime() - DEFAULT_ORDER_WINDOW_MS;
  }

  isVisible(id: number): boolean {
    if (!this.isLive(id)) return false;
    return this.readAllOrders || this.times(id).createdMs >= this.cutoffMs();
  }

  /** First seeded index inside the 60-day window (seeded createdAt grows with the index). */
  private firstVisibleSeeded(): number {
    if (this.firstVisibleCache !== undefined) return this.firstVisibleCache;
    let lo = 0;
    let hi = this.seededCount;
    const cutoff = this.cutoffMs();
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (seededOrderTimes(this.core, mid).createdMs < cutoff) lo = mid + 1;
      else hi = mid;
    }
    this.firstVisibleCache = lo;
    return lo;
  }

  /** Live ids in id order (seeded then created). */
  liveIds(): number[] {
    if (!this.liveCache) {
      const ids: number[] = [];
      for (let j = 0; j < this.seededCount; j++) {
        const id = ORDER_ID_BASE + j;
        if (!this.deleted.has(id)) ids.push(id);
      }
      for (const id of this.createdIds) if (!this.deleted.has(id)) ids.push(id);
      this.liveCache = ids;
    }
    return this.liveCache;
  }

  /** Ids the app may see, in id order. */
  visibleIds(): number[] {
    const live = this.liveIds();
    if (this.readAllOrders) return live;
    const firstSeeded = ORDER_ID_BASE + this.firstVisibleSeeded();
    return live.filter((id) => (this.seededIndexOf(id) !== undefined && !this.edited.has(id) ? id >= firstSeeded : this.isVisible(id)));
  }

  /** Orders of a customer, oldest first. */
  orderIdsOf(customer: { id: number; index: number | null }, visibleOnly: boolean): number[] {
    const ids: number[] = [];
    if (customer.index !== null && this.customerCount > 0) {
      for (let j = customer.index; j < this.seededCount; j += this.customerCount) {
        const id = ORDER_ID_BASE + j;
        if (!isGuestOrder(this.core.seed, j) && !this.deleted.has(id)) ids.push(id);
      }
    }
    for (const id of this.createdByCustomer.get(customer.id) ?? []) if (!this.deleted.has(id)) ids.push(id);
    return visibleOnly ? ids.filter((id) => this.isVisible(id)) : ids;
  }

  /** Order id owning a line item id. */
  orderOfLineItem(lineItemId: number): number | undefined {
    const created = this.createdLineOwner.get(lineItemId);
    if (created !== undefined) return created;
    const j = Math.floor((lineItemId - LINE_ITEM_ID_BASE) / LINE_SLOTS);
    return j >= 0 && j < this.seededCount ? ORDER_ID_BASE + j : undefined;
  }

  /** Stores a created or edited order. */
  put(record: OrderRecord): void {
    if (!this.isLive(record.id)) {
      this.createdIds.push(record.id);
      this.liveCache = undefined;
      if (record.customerId !== null) {
        const list = this.createdByCustomer.get(record.customerId) ?? [];
        list.push(record.id);
        this.createdByCustomer.set(record.customerId, list);
      }
      for (const line of record.lineItems) this.createdLineOwner.set(line.id, record.id);
    }
    this.edited.set(record.id, record);
    this.version++;
  }

  remove(id: number): void {
    this.edited.delete(id);
    this.deleted.add(id);
    this.liveCache = undefined;
    this.version++;
  }

  liveCount(): number {
    return this.seededCount + this.createdIds.length - this.deleted.size;
  }

  allocateOrderNumber(): number {
    return this.nextNumber++;
  }

  allocate(type: string, base: number, slots: number): number {
    return this.core.allocateId(type, base + this.seededCount * slots);
  }
}
