import * as Y from 'yjs';

/** Where a new item goes: the type it joins (a live one, or a type that the update itself creates), and the key. */
export interface NewItemPlace {
  /** A type the document holds, the new item (`Y.Item` with `ContentType`) that creates the type, or null when Yjs would drop the item (its neighbour was garbage-collected). */
  readonly parent: Y.AbstractType<unknown> | Y.Item | null;
  /** The map key it is written under (`setAttribute`, `Y.Map#set`), or null for a place in the sequence. */
  readonly parentSub: string | null;
  /** The name of the root type it ends up under (`doc.get(name)`), when known. */
  readonly root: string | undefined;
}

/** A struct of the update that the document does not hold yet. */
export interface NewStruct {
  readonly struct: Y.Item | Y.GC;
  /** How many of its first clocks the document already holds (Yjs integrates only the rest). */
  readonly offset: number;
  /** For items whose place can be found now (not for GCs, nor for items that wait for missing changes). */
  readonly place: NewItemPlace | undefined;
}

/** Options of {@link inspectUpdate}. */
export interface InspectUpdateOptions {
  /**
   * Also list the live items that the update's delete set removes (`deletes`), walking at most this many of the
   * document's structs; past it `deletes` is `'too-many'`. Off by default: only a caller that judges deletions needs it.
   */
  readonly deletesLimit?: number;
}

/** What applying an update would do to a document, found without applying it. */
export interface UpdateInspection {
  /** The structs it adds, in the update's order (by client, then clock). Already-known structs are left out. */
  readonly added: readonly NewStruct[];
  /** The client ids it adds structs for: the clocks it would take. */
  readonly clients: ReadonlySet<number>;
  /** The root types it writes into (`doc.get(name)`), as far as they can be known now. */
  readonly roots: ReadonlySet<string>;
  /** The delete set: per client, ranges of clocks. */
  readonly deleteSet: ReadonlyMap<number, ReadonlyArray<{ readonly clock: number; readonly len: number }>>;
  /**
   * Live items (integrated, not deleted yet) the delete set removes, when asked for (`deletesLimit`); `'too-many'`
   * when the walk went past the limit.
   */
  readonly deletes: readonly Y.Item[] | 'too-many' | undefined;
  /**
   * True when the update needs changes the document lacks (a gap in a client's clocks, an origin, neighbour or
   * parent it does not hold, deletions of clocks nobody sent): Yjs would hold it back, so it cannot be judged.
   */
  readonly pending: boolean;
}

/**
 * Reads an update against a document without applying it: which structs are new, where each new item would go
 * (parent type, map key, root), which live items it deletes, and whether it waits for missing changes. Costs in
 * proportion to the update (one binary search in the document's struct store per reference), plus, with
 * `deletesLimit`, the document structs its delete set covers, up to that limit. Throws on a malformed update.
 *
 * @example
 * const inspection = inspectUpdate(room.doc, update);
 * if ([...inspection.roots].some((root) => root !== 'content')) refuse();
 */
export function inspectUpdate(doc: Y.Doc, update: Uint8Array, options: InspectUpdateOptions = {}): UpdateInspection {
  const { structs, ds } = Y.decodeUpdate(update);
  const store = doc.store;
  const added: Array<{ struct: Y.Item | Y.GC; offset: number; place: NewItemPlace | undefined }> = [];
  const addedByClient = new Map<number, Array<Y.Item | Y.GC>>();
  const addedItems = new Set<Y.Item | Y.GC>();
  let pending = false;

  // structs arrive grouped by client in clock order; a client's first new struct must start where the document is
  let client = -1;
  let next = 0;
  let known = 0;
  for (const struct of structs) {
    if (struct.id.client !== client) {
      client = struct.id.client;
      known = Y.getState(store, client);
      next = known;
    }
    if (struct.id.clock + struct.length <= known) continue;
    if (struct.id.clock > next) pending = true;
    if (struct instanceof Y.Skip) continue;
    const item = struct as Y.Item | Y.GC;
    added.push({ struct: item, offset: Math.max(0, known - item.id.clock), place: undefined });
    const list = addedByClient.get(client) ?? [];
    list.push(item);
    addedByClient.set(client, list);
    addedItems.add(item);
    next = item.id.clock + item.length;
  }

  const find = (id: Y.ID): Y.Item | Y.GC | undefined => {
    if (id.clock < Y.getState(store, id.client)) {
      const live = store.clients.get(id.client)!;
      return live[Y.findIndexSS(live, id.clock)];
    }
    const list = addedByClient.get(id.client);
    if (list === undefined) return undefined;
    let low = 0;
    let high = list.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const candidate = list[mid]!;
      if (id.clock < candidate.id.clock) high = mid - 1;
      else if (id.clock >= candidate.id.clock + candidate.length) low = mid + 1;
      else return candidate;
    }
    return undefined;
  };

  const places = new Map<Y.Item, NewItemPlace | undefined>();
  const resolving = new Set<Y.Item>();
  // the place of a new item, or undefined when something it refers to is missing
  const placeOf = (item: Y.Item): NewItemPlace | undefined => {
    if (places.has(item)) return places.get(item);
    if (resolving.has(item)) return undefined;
    resolving.add(item);
    const place = findPlace(item);
    resolving.delete(item);
    places.set(item, place);
    return place;
  };
  const isNew = (item: Y.Item) => addedItems.has(item);
  // where an existing or new neighbour sits; its place is this item's place too
  const besides = (neighbour: Y.Item | Y.GC | undefined): NewItemPlace | undefined => {
    if (neighbour === undefined) return undefined;
    if (neighbour instanceof Y.GC) return { parent: null, parentSub: null, root: undefined };
    if (isNew(neighbour)) return placeOf(neighbour);
    const parent = neighbour.parent as Y.AbstractType<unknown> | null;
    return { parent, parentSub: neighbour.parentSub, root: parent === null ? undefined : rootNameOf(doc, parent) };
  };
  const findPlace = (item: Y.Item): NewItemPlace | undefined => {
    const left = item.origin === null ? undefined : find(item.origin);
    const right = item.rightOrigin === null ? undefined : find(item.rightOrigin);
    if ((item.origin !== null && left === undefined) || (item.rightOrigin !== null && right === undefined)) return undefined;
    if (item.origin !== null) return besides(left);
    if (item.rightOrigin !== null) return besides(right);
    const parent = item.parent as unknown;
    if (typeof parent === 'string') {
      const existing = doc.share.get(parent) as Y.AbstractType<unknown> | undefined;
      return { parent: existing ?? null, parentSub: item.parentSub, root: parent };
    }
    if (!(parent instanceof Y.ID)) return undefined;
    const owner = find(parent);
    if (owner === undefined) return undefined;
    if (owner instanceof Y.GC) return { parent: null, parentSub: null, root: undefined };
    if (!(owner.content instanceof Y.ContentType)) return undefined;
    if (isNew(owner)) {
      const outer = placeOf(owner);
      return outer === undefined ? undefined : { parent: owner, parentSub: item.parentSub, root: outer.root };
    }
    const type = owner.content.type as Y.AbstractType<unknown>;
    return { parent: type, parentSub: item.parentSub, root: rootNameOf(doc, type) };
  };

  const clients = new Set<number>();
  const roots = new Set<string>();
  for (const entry of added) {
    clients.add(entry.struct.id.client);
    if (!(entry.struct instanceof Y.Item)) continue;
    entry.place = placeOf(entry.struct);
    if (entry.place === undefined) pending = true;
    else if (entry.place.root !== undefined) roots.add(entry.place.root);
    // a root named outright is written even while the rest waits
    const named = entry.struct.parent as unknown;
    if (typeof named === 'string') roots.add(named);
  }

  const deleteSet = new Map<number, Array<{ clock: number; len: number }>>();
  for (const [id, ranges] of ds.clients) {
    deleteSet.set(id, ranges.map((range) => ({ clock: range.clock, len: range.len })));
    const list = addedByClient.get(id);
    const last = list?.at(-1);
    const reach = Math.max(Y.getState(store, id), last === undefined ? 0 : last.id.clock + last.length);
    if (ranges.some((range) => range.clock + range.len > reach)) pending = true;
  }

  let deletes: Y.Item[] | 'too-many' | undefined;
  if (options.deletesLimit !== undefined) deletes = liveDeletes(store, deleteSet, options.deletesLimit);
  return { added, clients, roots, deleteSet, deletes, pending };
}

// the live, not yet deleted items that the ranges cover, walking at most `limit` structs
function liveDeletes(store: Y.Doc['store'], deleteSet: UpdateInspection['deleteSet'], limit: number): Y.Item[] | 'too-many' {
  const found: Y.Item[] = [];
  let walked = 0;
  for (const [client, ranges] of deleteSet) {
    const live = store.clients.get(client);
    if (live === undefined) continue;
    const state = Y.getState(store, client);
    for (const { clock, len } of ranges) {
      const end = Math.min(clock + len, state);
      if (clock >= end) continue;
      for (let index = Y.findIndexSS(live, clock); index < live.length && live[index]!.id.clock < end; index++) {
        if (++walked > limit) return 'too-many';
        const struct = live[index]!;
        if (struct instanceof Y.Item && !struct.deleted) found.push(struct);
      }
    }
  }
  return found;
}

function rootNameOf(doc: Y.Doc, type: Y.AbstractType<unknown>): string | undefined {
  let top = type;
  for (let depth = 0; top._item !== null; depth++) {
    const parent = top._item.parent;
    // a type nested this deep is not something a transcript holds; give up rather than walk on
    if (!(parent instanceof Y.AbstractType) || depth > 64) return undefined;
    top = parent as Y.AbstractType<unknown>;
  }
  for (const [name, shared] of doc.share) if (shared === top) return name;
  return undefined;
}
