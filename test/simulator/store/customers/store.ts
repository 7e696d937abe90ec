/**
 * Customer state: seeded records are regenerated on demand; only records
 * created or edited after seeding (a Map), deleted ids (a Set) and
 * email/phone indexes of those edited records are kept.
 */
import type { SimContext, StoreCore } from "../core";
import {
  CUSTOMER_ID_BASE,
  seededCustomer,
  seededIdentity,
  seededIndexFromEmail,
  seededIndexFromPhone,
  type CustomerRecord,
} from "./data";
import { customerCreatedMs, customerUpdatedMs } from "./timeline";

/** How the customers domain sees orders (wired by the orders domain, which is built after it). */
export interface CustomerOrderLinks {
  /** Ids of the customer's orders, oldest first; `visibleOnly` applies the read_all_orders window. */
  orderIdsOf(customer: { id: number; index: number | null }, visibleOnly: boolean): number[];
  /** The Order node, or undefined if hidden or gone. */
  orderNode(orderId: number, context: SimContext): unknown;
  /** Order total in the shop currency, in cents. */
  orderTotalCents(orderId: number): number;
}

export class CustomerStore {
  readonly seededCount: number;
  private readonly edited = new Map<number, CustomerRecord>();
  private readonly deleted = new Set<number>();
  private readonly createdIds: number[] = [];
  private readonly emailOwners = new Map<string, number>();
  private readonly phoneOwners = new Map<string, number>();
  private liveCache: number[] | undefined;
  links: CustomerOrderLinks | undefined;
  /** Bumped on every write, so query results can be memoised between pages. */
  version = 0;

  constructor(readonly core: StoreCore) {
    this.seededCount = core.preset.customers;
  }

  /** Seeded index of an id, if it is one. */
  seededIndexOf(id: number): number | undefined {
    const index = id - CUSTOMER_ID_BASE;
    return Number.isInteger(index) && index >= 0 && index < this.seededCount ? index : undefined;
  }

  isLive(id: number): boolean {
    if (this.deleted.has(id)) return false;
    return this.edited.has(id) || this.seededIndexOf(id) !== undefined;
  }

  /** The current record, or undefined if absent or deleted. */
  get(id: number): CustomerRecord | undefined {
    if (this.deleted.has(id)) return undefined;
    const edited = this.edited.get(id);
    if (edited) return edited;
    const index = this.seededIndexOf(id);
    return index === undefined ? undefined : seededCustomer(this.core, index);
  }

  /** updatedAt/createdAt in ms without building the record when it is an untouched seeded one. */
  times(id: number): { createdMs: number; updatedMs: number } {
    const edited = this.edited.get(id);
    if (edited) return { createdMs: Date.parse(edited.createdAt), updatedMs: Date.parse(edited.updatedAt) };
    const index = this.seededIndexOf(id) ?? 0;
    const p = this.core.preset;
    const at = this.core.seededAt().getTime();
    return {
      createdMs: customerCreatedMs(this.core.seed, index, p.customers, p.orders, at),
      updatedMs: customerUpdatedMs(this.core.seed, index, p.customers, p.orders, at),
    };
  }

  isUntouchedSeeded(id: number): boolean {
    return !this.edited.has(id) && this.seededIndexOf(id) !== undefined;
  }

  /** Live ids in id order (seeded first, then created ones). */
  liveIds(): number[] {
    if (this.liveCache) return this.liveCache;
    const ids: number[] = [];
    for (let i = 0; i < this.seededCount; i++) {
      const id = CUSTOMER_ID_BASE + i;
      if (!this.deleted.has(id)) ids.push(id);
    }
    for (const id of this.createdIds) if (!this.deleted.has(id)) ids.push(id);
    this.liveCache = ids;
    return ids;
  }

  liveCount(): number {
    return this.seededCount + this.createdIds.length - this.deleted.size;
  }

  /** Owner of an email (case-insensitive), among live customers. */
  findByEmail(email: string): number | undefined {
    const key = email.trim().toLowerCase();
    const owner = this.emailOwners.get(key);
    if (owner !== undefined && this.isLive(owner)) return owner;
    const index = seededIndexFromEmail(key);
    if (index === undefined || index >= this.seededCount) return undefined;
    const id = CUSTOMER_ID_BASE + index;
    if (!this.isUntouchedSeeded(id) || this.deleted.has(id)) return undefined;
    return seededIdentity(this.core, index).email === key ? id : undefined;
  }

  /** Owner of a phone number (E.164), among live customers. */
  findByPhone(phone: string): number | undefined {
    const owner = this.phoneOwners.get(phone);
    if (owner !== undefined && this.isLive(owner)) return owner;
    const index = seededIndexFromPhone(phone);
    if (index === undefined || index < 0 || index >= this.seededCount) return undefined;
    const id = CUSTOMER_ID_BASE + index;
    if (!this.isUntouchedSeeded(id) || this.deleted.has(id)) return undefined;
    return seededCustomer(this.core, index).phone === phone ? id : undefined;
  }

  /** Stores a created or edited record (the caller has validated it). */
  put(record: CustomerRecord): void {
    const previous = this.edited.get(record.id) ?? (this.isLive(record.id) ? this.get(record.id) : undefined);
    if (previous?.email) this.emailOwners.delete(previous.email.toLowerCase());
    if (previous?.phone) this.phoneOwners.delete(previous.phone);
    const isNew = !this.isLive(record.id);
    this.version++;
    this.edited.set(record.id, record);
    if (record.email) this.emailOwners.set(record.email.toLowerCase(), record.id);
    if (record.phone) this.phoneOwners.set(record.phone, record.id);
    if (isNew) {
      this.createdIds.push(record.id);
      this.liveCache = undefined;
    }
  }

  remove(id: number): void {
    const record = this.get(id);
    if (record?.email) this.emailOwners.delete(record.email.toLowerCase());
    if (record?.phone) this.phoneOwners.delete(record.phone);
    this.edited.delete(id);
    this.deleted.add(id);
    this.liveCache = undefined;
    this.version++;
  }

  /** Next id for a created customer: above every seeded id. */
  allocateCustomerId(): number {
    return this.core.allocateId("Customer", CUSTOMER_ID_BASE + this.seededCount);
  }
}
