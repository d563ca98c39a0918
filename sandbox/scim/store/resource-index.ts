// One resource type's records with the lookups a sync client makes by key (unique case-insensitive name, non-unique exact externalId); users and groups share it.
import { addToIndex, removeFromIndex } from './set-index.js';

/** The two keys a record is indexed by, as they were before an update. */
export interface IndexKeys {
  name: string;
  externalId: string | undefined;
}

export class ResourceIndex<T extends { id: string; externalId?: string }> {
  /** In creation order; replacing a record keeps its place. */
  private readonly byId = new Map<string, T>();
  /** Lowercased name → id: RFC 7643 makes userName and a group's displayName caseExact false. */
  private readonly idByName = new Map<string, string>();
  /** externalId is caseExact and not unique, so it maps to a set. */
  private readonly idsByExternalId = new Map<string, Set<string>>();

  constructor(private readonly nameOf: (record: T) => string) {}

  get size(): number {
    return this.byId.size;
  }

  get(id: string): T | undefined {
    return this.byId.get(id);
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  findByName(name: string): T | undefined {
    const id = this.idByName.get(name.toLowerCase());
    return id === undefined ? undefined : this.byId.get(id);
  }

  nameInUse(name: string): boolean {
    return this.idByName.has(name.toLowerCase());
  }

  findByExternalId(externalId: string): T[] {
    return [...(this.idsByExternalId.get(externalId) ?? [])].map((id) => this.byId.get(id)!);
  }

  list(): T[] {
    return [...this.byId.values()];
  }

  keysOf(record: T): IndexKeys {
    return { name: this.nameOf(record), externalId: record.externalId };
  }

  add(record: T): void {
    this.byId.set(record.id, record);
    this.idByName.set(this.nameOf(record).toLowerCase(), record.id);
    addToIndex(this.idsByExternalId, record.externalId, record.id);
  }

  /** Stores `record` under its id and moves its index entries from `before` to its current keys. */
  update(before: IndexKeys, record: T): void {
    const id = record.id;
    this.byId.set(id, record);
    const oldKey = before.name.toLowerCase();
    const newKey = this.nameOf(record).toLowerCase();
    if (newKey !== oldKey) {
      this.idByName.delete(oldKey);
      this.idByName.set(newKey, id);
    }
    if (before.externalId !== record.externalId) {
      removeFromIndex(this.idsByExternalId, before.externalId, id);
      addToIndex(this.idsByExternalId, record.externalId, id);
    }
  }

  remove(record: T): void {
    this.byId.delete(record.id);
    this.idByName.delete(this.nameOf(record).toLowerCase());
    removeFromIndex(this.idsByExternalId, record.externalId, record.id);
  }

  clear(): void {
    this.byId.clear();
    this.idByName.clear();
    this.idsByExternalId.clear();
  }
}
