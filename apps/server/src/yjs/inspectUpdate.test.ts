import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { inspectUpdate } from './inspectUpdate.ts';

/** A document with one paragraph under `content`, and a client that has it too. */
function setUp() {
  const doc = new Y.Doc();
  const root = doc.get('content', Y.XmlText);
  const paragraph = new Y.XmlText();
  root.insertEmbed(0, paragraph);
  paragraph.insert(0, 'hello world');
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(doc));
  const updates: Uint8Array[] = [];
  client.on('update', (update: Uint8Array) => updates.push(update));
  const clientParagraph = (client.get('content', Y.XmlText).toDelta() as Array<{ insert: Y.XmlText }>)[0]!.insert;
  return { doc, client, clientParagraph, updates };
}

describe('inspectUpdate', () => {
  it('finds the root every new item goes under, through origins, parents and types the update creates', () => {
    const { doc, client, clientParagraph, updates } = setUp();
    clientParagraph.insert(5, ',');
    const nested = new Y.XmlText();
    client.get('content', Y.XmlText).insertEmbed(1, nested);
    nested.insert(0, 'inside a new paragraph');
    client.getMap('evil').set('payload', 'x');
    client.getArray('other').insert(0, [1]);
    const inspection = inspectUpdate(doc, Y.mergeUpdates(updates));
    expect([...inspection.roots].sort()).toEqual(['content', 'evil', 'other']);
    expect(inspection.pending).toBe(false);
    expect([...inspection.clients]).toEqual([client.clientID]);
    // nothing was applied
    expect(doc.share.has('evil')).toBe(false);
  });

  it('leaves out what the document already holds, and tells apart an update that waits for missing changes', () => {
    const { doc, clientParagraph, updates } = setUp();
    clientParagraph.insert(0, 'a');
    clientParagraph.insert(1, 'b');
    const [first, second] = updates as [Uint8Array, Uint8Array];
    expect(inspectUpdate(doc, second).pending).toBe(true);
    Y.applyUpdate(doc, first);
    expect(inspectUpdate(doc, first).added).toEqual([]);
    const next = inspectUpdate(doc, second);
    expect(next.pending).toBe(false);
    expect(next.added).toHaveLength(1);
    // deleting clocks nobody sent
    clientParagraph.insert(0, 'unsent');
    clientParagraph.delete(0, 6);
    expect(inspectUpdate(doc, updates[3]!).pending).toBe(true);
  });

  it('lists the live items a delete set removes, up to a limit', () => {
    const { doc, client, clientParagraph, updates } = setUp();
    clientParagraph.delete(0, 6);
    const inspection = inspectUpdate(doc, updates[0]!, { deletesLimit: 100 });
    const deleted = inspection.deletes as Y.Item[];
    expect(deleted.map((item) => (item.content as Y.ContentString).str).join('')).toBe('hello world');
    expect(inspectUpdate(doc, updates[0]!, { deletesLimit: 0 }).deletes).toBe('too-many');
    expect(inspectUpdate(doc, updates[0]!).deletes).toBeUndefined();
    Y.applyUpdate(doc, updates[0]!);
    expect(inspectUpdate(doc, Y.encodeStateAsUpdate(client, Y.encodeStateVector(doc)), { deletesLimit: 100 }).deletes).toEqual([]);
  });
});
