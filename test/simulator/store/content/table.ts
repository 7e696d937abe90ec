/**
 * A lazily seeded record table: seeded record i is regenerated on demand from
 * its index (so even the `large` preset costs nothing until read); only
 * records written after seeding are kept, plus the set of deleted ids.
 */
import { isEnumType } from "graphql";
import { loadAdminSchema } from "../../schema/admin-schema";
import type { StoreCore, UserError } from "../core";

export class SeededTable<T extends { id: number }> {
  private readonly written = new Map<number, T>();
  private readonly deleted = new Set<number>();
  private readonly createdIds: number[] = [];

  constructor(
    readonly type: string,
    readonly base: number,
    readonly seededCount: number,
    private readonly generate: (index: number) => T,
  ) {}

  /** The live record with this numeric id, or undefined. */
  get(id: number): T | undefined {
    if (this.deleted.has(id)) return undefined;
    const written = this.written.get(id);
    if (written) return written;
    const index = id - this.base;
    if (Number.isInteger(index) && index >= 0 && index < this.seededCount) return this.generate(index);
    return undefined;
  }

  /** Live ids in id order (seeded first, then created in creation order, which is also ascending). */
  ids(): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.seededCount; i++) {
      const id = this.base + i;
      if (!this.deleted.has(id)) out.push(id);
    }
    for (const id of this.createdIds) if (!this.deleted.has(id)) out.push(id);
    return out;
  }

  /** Every live record, in id order. */
  all(): T[] {
    return this.ids().map((id) => this.get(id) as T);
  }

  count(): number {
    let deletedSeeded = 0;
    for (const id of this.deleted) if (id - this.base < this.seededCount && id >= this.base) deletedSeeded++;
    const liveCreated = this.createdIds.filter((id) => !this.deleted.has(id)).length;
    return this.seededCount - deletedSeeded + liveCreated;
  }

  /** A fresh id above every seeded one (core counters keep created ids unique). */
  allocate(core: StoreCore): number {
    return core.allocateId(this.type, this.base + this.seededCount);
  }

  insert(record: T): void {
    this.written.set(record.id, record);
    this.createdIds.push(record.id);
  }

  update(record: T): void {
    if (!this.get(record.id)) throw new Error(`${this.type} ${record.id} does not exist`);
    this.written.set(record.id, record);
  }

  remove(id: number): void {
    this.deleted.add(id);
    this.written.delete(id);
  }
}

/** Numeric id of a GID of the expected type, or undefined. */
export function numericId(value: unknown, type: string): number | undefined {
  if (typeof value !== "string") return undefined;
  const match = /^gid:\/\/shopify\/([A-Za-z]+)\/(\d+)(?:\?.*)?$/.exec(value);
  if (!match || match[1] !== type) return undefined;
  return Number(match[2]);
}

/**
 * Keeps each userError code only if the payload's error-code enum (from the
 * real Admin schema) has it; others become null, since Shopify can only send
 * codes its schema declares.
 */
export function fitCodes(errors: readonly UserError[], enumName: string): UserError[] {
  const allowed = enumValues(enumName);
  return errors.map((error) => ({ ...error, code: error.code && allowed.has(error.code) ? error.code : undefined }));
}

const enumCache = new Map<string, Set<string>>();

function enumValues(name: string): Set<string> {
  let values = enumCache.get(name);
  if (!values) {
    const type = loadAdminSchema().getType(name);
    values = new Set(type && isEnumType(type) ? type.getValues().map((v) => v.name) : []);
    enumCache.set(name, values);
  }
  return values;
}
