import * as Y from 'yjs';
import type { UpdateInspection } from '../yjs/inspectUpdate.ts';
import { isReviewMarkValue, REVIEW_MARK_KEY, TRANSCRIPT_ROOT } from '@verbatim/core/document';

/** Options of {@link onlyReviewMarksUpdate}. */
export interface OnlyReviewMarksUpdateOptions {
  /** The reviewer's user id: every word whose mark the update changes must then be marked in this name, or not at all. */
  readonly userId?: string | undefined;
}

type Paragraph = Y.AbstractType<unknown>;

/** A place between two neighbouring items of a paragraph where the update puts new items, in their final order. */
interface Gap {
  readonly paragraph: Paragraph;
  /** The live id the new items follow; null at the paragraph's start. */
  readonly after: Y.ID | null;
  /** The live id they precede; null at the paragraph's end. */
  readonly before: Y.ID | null;
  readonly items: Y.Item[];
  visited: boolean;
}

/**
 * True when applying the update to `doc` (a transcript document, see `@verbatim/core/document`) would change nothing
 * but the review marks of words (the packed `r` attribute, `REVIEW_MARK_KEY`), and every word whose mark it changes
 * ends up with a well-formed mark in the reviewer's name (`options.userId`) or with none: what `transcript.review`
 * may do. A format item may carry anyone's well-formed mark (the end of a formatted range restores the mark that was
 * there); the walk over the touched paragraphs then judges each word's resulting mark.
 *
 * Judged from the update itself, without copying the document: it may only add review-mark format items to
 * existing paragraphs (each exactly between the two neighbours its author saw, and all from one client) and delete
 * review-mark format items; then only the paragraphs it touches are walked to compare each word's mark before and
 * after. So the cost is the update plus those paragraphs (a few hundred words each), whatever the document's size.
 * It refuses what it cannot judge exactly: updates that wait for missing changes, and marks whose neighbours moved
 * apart since their author saw them (someone inserted between them meanwhile); the reviewer's client then resyncs.
 *
 * @example
 * const inspection = inspectUpdate(doc, update, { deletesLimit: 100_000 });
 * if (onlyReviewMarksUpdate(doc, inspection, { userId: peer.userId })) Y.applyUpdate(doc, update);
 */
export function onlyReviewMarksUpdate(doc: Y.Doc, inspection: UpdateInspection, options: OnlyReviewMarksUpdateOptions = {}): boolean {
  if (inspection.pending || !Array.isArray(inspection.deletes)) return false;
  const root = doc.share.get(TRANSCRIPT_ROOT);
  if (root === undefined) return false;
  const isParagraph = (type: unknown): type is Paragraph =>
    type instanceof Y.AbstractType && type._item !== null && type._item.parent === root && type._item.parentSub === null;
  const touched = new Set<Paragraph>();

  // deletions: review marks inside paragraphs, nothing else
  const deletedLive = new Set<Y.Item>();
  for (const item of inspection.deletes) {
    if (!(item.content instanceof Y.ContentFormat) || item.content.key !== REVIEW_MARK_KEY) return false;
    if (item.parentSub !== null || !isParagraph(item.parent)) return false;
    deletedLive.add(item);
    touched.add(item.parent);
  }

  // additions: review marks (or what the same change made and removed again) put into paragraphs by one client
  let client: number | undefined;
  const gaps = new Map<string, Gap>();
  const gapOf = new Map<Y.Item, Gap>();
  const newByLastId = new Map<string, Y.Item>();
  for (const { struct, offset, place } of inspection.added) {
    // a GC struct is content already collected: it changes nothing anyone reads
    if (!(struct instanceof Y.Item)) continue;
    if (client !== undefined && struct.id.client !== client) return false;
    client = struct.id.client;
    if (offset > 0 || place === undefined || place.parentSub !== null || !isParagraph(place.parent)) return false;
    const paragraph = place.parent;
    const content = struct.content;
    if (content instanceof Y.ContentFormat) {
      if (content.key !== REVIEW_MARK_KEY || !isReviewMarkValue(content.value)) return false;
    } else if (!(content instanceof Y.ContentDeleted)) return false;

    let gap: Gap | undefined;
    let index = 0;
    const left = struct.origin === null ? undefined : newByLastId.get(idKey(struct.origin));
    if (left !== undefined) {
      gap = gapOf.get(left);
      index = gap === undefined ? -1 : gap.items.indexOf(left) + 1;
    } else if (struct.origin !== null) {
      const key = idKey(struct.origin);
      gap = gaps.get(key) ?? newGap(gaps, key, paragraph, struct.origin, liveNext(doc, struct.origin));
    } else {
      const key = `start:${idKey(paragraph._item!.id)}`;
      gap = gaps.get(key) ?? newGap(gaps, key, paragraph, null, paragraph._start?.id ?? null);
    }
    if (gap === undefined || index < 0 || gap.paragraph !== paragraph) return false;
    // Yjs puts it exactly here only when these two are still neighbours; otherwise it would resolve a conflict
    const right = index < gap.items.length ? gap.items[index]!.id : gap.before;
    if (!sameId(right, struct.rightOrigin)) return false;
    gap.items.splice(index, 0, struct);
    gapOf.set(struct, gap);
    newByLastId.set(idKey(Y.createID(struct.id.client, struct.id.clock + struct.length - 1)), struct);
    touched.add(paragraph);
  }

  const deletedNew = deletionCheck(inspection, client);
  const isAfterDeleted = (item: Y.Item) => (gapOf.has(item) ? item.content instanceof Y.ContentDeleted || deletedNew(item.id) : deletedLive.has(item));
  const gapsByClient = new Map<number, Gap[]>();
  for (const gap of gaps.values()) {
    if (gap.after === null) continue;
    const list = gapsByClient.get(gap.after.client) ?? [];
    list.push(gap);
    gapsByClient.set(gap.after.client, list);
  }
  for (const list of gapsByClient.values()) list.sort((a, b) => a.after!.clock - b.after!.clock);

  for (const paragraph of touched) {
    if (!marksStayValid(paragraph, gaps, gapsByClient, isAfterDeleted, options.userId)) return false;
  }
  // every new item must have landed in a paragraph that was walked
  for (const gap of gaps.values()) if (!gap.visited) return false;
  return true;
}

function newGap(gaps: Map<string, Gap>, key: string, paragraph: Paragraph, after: Y.ID | null, before: Y.ID | null): Gap {
  const gap: Gap = { paragraph, after, before, items: [], visited: false };
  gaps.set(key, gap);
  return gap;
}

// walks one paragraph with the update's marks in place: each word's mark is either unchanged or one the reviewer may set
function marksStayValid(
  paragraph: Paragraph,
  gaps: ReadonlyMap<string, Gap>,
  gapsByClient: ReadonlyMap<number, Gap[]>,
  isAfterDeleted: (item: Y.Item) => boolean,
  userId: string | undefined,
): boolean {
  const deletedParagraph = paragraph._item!.deleted;
  const before = new Map<string, unknown>();
  const after = new Map<string, unknown>();
  const enter = (gap: Gap | undefined) => {
    if (gap === undefined) return;
    gap.visited = true;
    for (const item of gap.items) {
      if (item.content instanceof Y.ContentFormat && !isAfterDeleted(item)) setMark(after, item.content.key, item.content.value);
    }
  };
  const visit = (item: Y.Item): boolean => {
    if (item.deleted) return true;
    if (item.content instanceof Y.ContentFormat) {
      if (item.content.key === REVIEW_MARK_KEY) {
        setMark(before, item.content.key, item.content.value);
        if (!isAfterDeleted(item)) setMark(after, item.content.key, item.content.value);
      }
      return true;
    }
    if (!item.countable || sameMark(before, after)) return true;
    return isReviewMarkValue(after.get(REVIEW_MARK_KEY), userId);
  };

  enter(gaps.get(`start:${idKey(paragraph._item!.id)}`));
  for (let item = paragraph._start; item !== null; item = item.right) {
    const inside = gapsByClient.get(item.id.client)?.filter((gap) => gap.after!.clock >= item!.id.clock && gap.after!.clock < item!.id.clock + item!.length);
    // a gap inside an item splits it: the characters before and after it may carry different marks
    if (!visit(item) && !deletedParagraph) return false;
    for (const gap of inside ?? []) {
      enter(gap);
      if (gap.after!.clock < item.id.clock + item.length - 1 && !visit(item) && !deletedParagraph) return false;
    }
  }
  // nothing in a deleted paragraph is read by anyone: its marks can be whatever
  return true;
}

function setMark(mark: Map<string, unknown>, key: string, value: unknown): void {
  if (value === null || value === undefined) mark.delete(key);
  else mark.set(key, value);
}

function sameMark(a: ReadonlyMap<string, unknown>, b: ReadonlyMap<string, unknown>): boolean {
  if (a.size !== b.size) return false;
  for (const [key, value] of a) {
    const other = b.get(key);
    if (other !== value && JSON.stringify(other) !== JSON.stringify(value)) return false;
  }
  return true;
}

// whether the update's delete set covers a clock of the one client that added items
function deletionCheck(inspection: UpdateInspection, client: number | undefined): (id: Y.ID) => boolean {
  const sorted = client === undefined ? [] : [...(inspection.deleteSet.get(client) ?? [])].sort((a, b) => a.clock - b.clock);
  // merged into disjoint ranges, so a binary search cannot step over a long range that covers the clock
  const ranges: Array<{ clock: number; len: number }> = [];
  for (const range of sorted) {
    const last = ranges.at(-1);
    if (last !== undefined && range.clock <= last.clock + last.len) last.len = Math.max(last.len, range.clock + range.len - last.clock);
    else ranges.push({ clock: range.clock, len: range.len });
  }
  return (id) => {
    if (id.client !== client) return false;
    let low = 0;
    let high = ranges.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const range = ranges[mid]!;
      if (id.clock < range.clock) high = mid - 1;
      else if (id.clock >= range.clock + range.len) low = mid + 1;
      else return true;
    }
    return false;
  };
}

// the id right after `id` in its paragraph: the next clock of the same item, or the next item's first
function liveNext(doc: Y.Doc, id: Y.ID): Y.ID | null {
  const structs = doc.store.clients.get(id.client)!;
  const item = structs[Y.findIndexSS(structs, id.clock)] as Y.Item;
  if (id.clock < item.id.clock + item.length - 1) return Y.createID(id.client, id.clock + 1);
  return item.right?.id ?? null;
}

function sameId(a: Y.ID | null, b: Y.ID | null): boolean {
  return a === null || b === null ? a === b : a.client === b.client && a.clock === b.clock;
}

function idKey(id: Y.ID): string {
  return `${id.client}:${id.clock}`;
}
