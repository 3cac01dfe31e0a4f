/**
 * Incremental snapshots. Engine state lives in {@link JMap}s whose values are never mutated in place;
 * every write first records the previous value in the current segment (once per key per segment).
 * Restoring a snapshot replays the segments after it backwards. Memory grows with the number of
 * objects that changed, not with the size of the state, which keeps 100,000-object sessions sane.
 *
 * A restore also puts the maps' iteration order back: the engine reads objects in that order (a
 * Full Import numbers connector-space objects as it reads the directory), so an object deleted and
 * then restored must not come back last, or undo followed by a run would give other ids (and other
 * winners of a conflict) than the same actions replayed after a reload.
 */

const ABSENT: unique symbol = Symbol('absent');
type Old = unknown;

interface Segment {
  id: number;
  label: string;
  /** Previous values, per map, per key, as they were when the segment started. */
  before: Map<JMap<unknown, unknown>, Map<unknown, Old>>;
  /** Insertion ordinals of keys present when the segment started and deleted during it. */
  ordinals: Map<JMap<unknown, unknown>, Map<unknown, number>>;
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
    this.segments.push(emptySegment(id, label));
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

  /**
   * Records where a key being deleted stood, unless the segment already knows its place or the
   * key did not exist when the segment started (a restore removes it then).
   */
  recordOrdinal<K, V>(map: JMap<K, V>, key: K, ordinal: number): void {
    if (!this.enabled) return;
    const seg = this.segments[this.segments.length - 1];
    if (!seg) return;
    const m = map as unknown as JMap<unknown, unknown>;
    if (seg.before.get(m)?.get(key) === ABSENT) return;
    let perMap = seg.ordinals.get(m);
    if (!perMap) {
      perMap = new Map();
      seg.ordinals.set(m, perMap);
    }
    if (!perMap.has(key)) perMap.set(key, ordinal);
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
    const touched = new Set<JMap<unknown, unknown>>();
    for (let i = this.segments.length - 1; i >= idx; i--) {
      const seg = this.segments[i] as Segment;
      for (const [map, olds] of seg.before) {
        const ordinals = seg.ordinals.get(map);
        touched.add(map);
        for (const [key, old] of olds) {
          if (old === ABSENT) map.rawDelete(key);
          else map.rawSet(key, old, ordinals?.get(key));
        }
      }
      for (const [name, value] of seg.side) side.set(name, value);
    }
    for (const map of touched) map.restoreOrder();
    const label = (this.segments[idx] as Segment).label;
    this.segments.length = idx;
    // The restored point stays restorable (unless it was a throw-away mark, such as a preview's).
    if (keep) this.segments.push(emptySegment(id, label));
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

function emptySegment(id: number, label: string): Segment {
  return { id, label, before: new Map(), ordinals: new Map(), side: new Map() };
}

/** A Map whose writes are journaled. Values must be treated as immutable once stored. */
export class JMap<K, V> {
  private readonly m = new Map<K, V>();
  /**
   * Each key's insertion ordinal: iteration order is ordinal order, which a restore puts back
   * (a key re-inserted by a restore would otherwise come last).
   */
  private readonly ord = new Map<K, number>();
  private nextOrdinal = 0;
  /** The lowest ordinal a restore put back out of place, or Infinity. */
  private misplacedFrom = Infinity;
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
    const had = old !== undefined || this.m.has(key);
    if (this.journal.enabled) this.journal.record(this, key, old, had);
    if (!had) this.ord.set(key, this.nextOrdinal++);
    this.m.set(key, value);
    this.onChange?.(key, old, value);
  }
  delete(key: K): void {
    if (!this.m.has(key)) return;
    const old = this.m.get(key);
    if (this.journal.enabled) {
      this.journal.record(this, key, old, true);
      this.journal.recordOrdinal(this, key, this.ord.get(key) ?? 0);
    }
    this.m.delete(key);
    this.ord.delete(key);
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
  /** Used by {@link Journal.restore} only: `ordinal` is where the key stood, when it moved. */
  rawSet(key: unknown, value: unknown, ordinal?: number): void {
    const k = key as K;
    const had = this.m.has(k);
    const old = this.m.get(k);
    this.m.set(k, value as V);
    if (ordinal !== undefined && this.ord.get(k) !== ordinal) {
      this.ord.set(k, ordinal);
      this.misplacedFrom = Math.min(this.misplacedFrom, ordinal);
    } else if (!had) this.ord.set(k, this.nextOrdinal++);
    this.onChange?.(k, old, value as V);
  }
  rawDelete(key: unknown): void {
    const old = this.m.get(key as K);
    this.m.delete(key as K);
    this.ord.delete(key as K);
    this.onChange?.(key as K, old, undefined);
  }
  /**
   * Used by {@link Journal.restore} only, once its values are back: moves the keys it put back out
   * of place, and every key after them, into ordinal order. The values do not change, so the
   * change hooks are not called (indexes kept by the hooks stay right; replaying them for every
   * moved key cost 10x more at 10,000 objects).
   */
  restoreOrder(): void {
    const from = this.misplacedFrom;
    if (from === Infinity) return;
    this.misplacedFrom = Infinity;
    // Keys before the first misplaced one never moved: they are in place, at the front.
    const tail: [K, V, number][] = [];
    for (const [k, v] of this.m) {
      const o = this.ord.get(k) ?? 0;
      if (o >= from) tail.push([k, v, o]);
    }
    tail.sort((a, b) => a[2] - b[2]);
    for (const [k] of tail) this.m.delete(k);
    for (const [k, v] of tail) this.m.set(k, v);
  }
}
