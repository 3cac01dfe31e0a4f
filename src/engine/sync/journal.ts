/**
 * Incremental snapshots. Engine state lives in {@link JMap}s whose values are never mutated in place;
 * every write first records the previous value in the current segment (once per key per segment).
 * Restoring a snapshot replays the segments after it backwards. Memory grows with the number of
 * objects that changed, not with the size of the state, which keeps 100,000-object sessions sane.
 */

const ABSENT: unique symbol = Symbol('absent');
type Old = unknown;

interface Segment {
  id: number;
  label: string;
  /** Previous values, per map, per key, as they were when the segment started. */
  before: Map<JMap<unknown, unknown>, Map<unknown, Old>>;
  /** Opaque state that cannot be journaled per key (the tenant), saved once when first touched. */
  side: Map<string, unknown>;
}

export interface SnapshotInfo {
  id: number;
  label: string;
}

/** The undo journal shared by every map of one engine. */
export class Journal {
  private segments: Segment[] = [];
  private nextId = 1;
  /** When false, writes are not recorded (a throw-away preview or a benchmark without rewind). */
  enabled = true;

  /** Starts a new segment; the returned id restores the state as it is now. */
  mark(label: string): number {
    const id = this.nextId++;
    this.segments.push({ id, label, before: new Map(), side: new Map() });
    return id;
  }

  /** Every restorable point, oldest first. */
  list(): SnapshotInfo[] {
    return this.segments.map((s) => ({ id: s.id, label: s.label }));
  }

  record<K, V>(map: JMap<K, V>, key: K, old: V | undefined, had: boolean): void {
    if (!this.enabled) return;
    const seg = this.segments[this.segments.length - 1];
    if (!seg) return;
    const m = map as unknown as JMap<unknown, unknown>;
    let perMap = seg.before.get(m);
    if (!perMap) {
      perMap = new Map();
      seg.before.set(m, perMap);
    }
    if (!perMap.has(key)) perMap.set(key, had ? old : ABSENT);
  }

  /** Saves side state (e.g. a tenant clone) for the current segment unless already saved. */
  saveSide(name: string, make: () => unknown): void {
    if (!this.enabled) return;
    const seg = this.segments[this.segments.length - 1];
    if (!seg || seg.side.has(name)) return;
    seg.side.set(name, make());
  }

  /**
   * Undoes every change made since snapshot `id` was marked and drops later snapshots. Returns the
   * restored side state (oldest value per name), or `undefined` when the id is unknown.
   */
  restore(id: number, keep = true): Map<string, unknown> | undefined {
    const idx = this.segments.findIndex((s) => s.id === id);
    if (idx < 0) return undefined;
    const side = new Map<string, unknown>();
    for (let i = this.segments.length - 1; i >= idx; i--) {
      const seg = this.segments[i] as Segment;
      for (const [map, olds] of seg.before) {
        for (const [key, old] of olds) {
          if (old === ABSENT) map.rawDelete(key);
          else map.rawSet(key, old);
        }
      }
      for (const [name, value] of seg.side) side.set(name, value);
    }
    const label = (this.segments[idx] as Segment).label;
    this.segments.length = idx;
    // The restored point stays restorable (unless it was a throw-away mark, such as a preview's).
    if (keep) this.segments.push({ id, label, before: new Map(), side: new Map() });
    return side;
  }

  /**
   * The value `key` held in `map` when each snapshot was marked, oldest first (`undefined`: absent).
   * Read-only; the Metaverse browser's History tab follows one object across the timeline with it.
   *
   * @example
   * journal.history(engine.mv, mvId).map((p) => [p.label, p.value?.attributes.sourceObjectType])
   */
  history<K, V>(map: JMap<K, V>, key: K): { id: number; label: string; value: V | undefined }[] {
    const out: { id: number; label: string; value: V | undefined }[] = [];
    let cur = map.get(key);
    // Walking back from now, each segment that touched the key holds its value at the segment's start.
    for (let i = this.segments.length - 1; i >= 0; i--) {
      const seg = this.segments[i] as Segment;
      const olds = seg.before.get(map as unknown as JMap<unknown, unknown>);
      if (olds?.has(key)) {
        const old = olds.get(key);
        cur = old === ABSENT ? undefined : (old as V);
      }
      out.push({ id: seg.id, label: seg.label, value: cur });
    }
    return out.reverse();
  }

  /** Forgets every snapshot (after loading a new scenario). */
  clear(): void {
    this.segments = [];
  }
}

/** A Map whose writes are journaled. Values must be treated as immutable once stored. */
export class JMap<K, V> {
  private readonly m = new Map<K, V>();
  /** `onChange` keeps derived indexes in step, for writes and for restores alike. */
  constructor(
    private readonly journal: Journal,
    private readonly onChange?: (key: K, old: V | undefined, value: V | undefined) => void,
  ) {}
  get(key: K): V | undefined {
    return this.m.get(key);
  }
  has(key: K): boolean {
    return this.m.has(key);
  }
  get size(): number {
    return this.m.size;
  }
  set(key: K, value: V): void {
    const old = this.m.get(key);
    if (this.journal.enabled)
      this.journal.record(this, key, old, old !== undefined || this.m.has(key));
    this.m.set(key, value);
    this.onChange?.(key, old, value);
  }
  delete(key: K): void {
    if (!this.m.has(key)) return;
    const old = this.m.get(key);
    if (this.journal.enabled) this.journal.record(this, key, old, true);
    this.m.delete(key);
    this.onChange?.(key, old, undefined);
  }
  values(): IterableIterator<V> {
    return this.m.values();
  }
  keys(): IterableIterator<K> {
    return this.m.keys();
  }
  entries(): IterableIterator<[K, V]> {
    return this.m.entries();
  }
  /** Used by {@link Journal.restore} only. */
  rawSet(key: unknown, value: unknown): void {
    const old = this.m.get(key as K);
    this.m.set(key as K, value as V);
    this.onChange?.(key as K, old, value as V);
  }
  rawDelete(key: unknown): void {
    const old = this.m.get(key as K);
    this.m.delete(key as K);
    this.onChange?.(key as K, old, undefined);
  }
}
