import { LRUCache } from "lru-cache";
import { processSingleton } from "@/lib/core/singleton";
import type { KeyRecord } from "./record";

/**
 * The verification cache: key records by SHA-256 of the secret, with negative entries
 * (`null`) for unknown hashes. A generation counter stops a load that raced with an
 * invalidation from caching what it read before the change.
 */
class KeyCache {
  private readonly entries = new LRUCache<string, KeyRecord | "missing">({ max: 200_000 });
  private readonly hashesByKey = new Map<string, Set<string>>();
  private generation = 0;

  get(hash: string): KeyRecord | null | undefined {
    const v = this.entries.get(hash);
    return v === "missing" ? null : v;
  }

  /** The current generation; pass it back to set() so stale loads are dropped. */
  mark(): number {
    return this.generation;
  }

  set(hash: string, record: KeyRecord | null, generation: number): void {
    if (generation !== this.generation) return;
    this.entries.set(hash, record ?? "missing");
    if (record) {
      let set = this.hashesByKey.get(record.keyId);
      if (!set) this.hashesByKey.set(record.keyId, (set = new Set()));
      set.add(hash);
    }
  }

  /** Forget everything about one key (all of its secrets). */
  invalidateKey(keyId: string): void {
    this.generation++;
    for (const hash of this.hashesByKey.get(keyId) ?? []) this.entries.delete(hash);
    this.hashesByKey.delete(keyId);
  }

  /** Forget every key of a project or organization (archive, allowlist or budget change). */
  invalidateWhere(match: (r: KeyRecord) => boolean): void {
    this.generation++;
    for (const [hash, v] of this.entries.entries()) {
      if (v !== "missing" && match(v)) {
        this.entries.delete(hash);
        this.hashesByKey.delete(v.keyId);
      }
    }
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
    this.hashesByKey.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

export const keyCache = () => processSingleton("keyCache", () => new KeyCache());
