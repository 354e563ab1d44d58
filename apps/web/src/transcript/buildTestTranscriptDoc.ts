import * as Y from 'yjs';

/** A segment as the server's recogniser hands it to the document builder. */
export interface TestSegment {
  speaker?: string;
  words: Array<{ text: string; start: number; end: number; confidence: number; origin?: string }>;
}

/**
 * Writes segments into `doc` in exactly the layout the server's `buildTranscriptDoc` writes (a copy of that layout
 * for tests and fixtures; the web app never builds documents itself): root `content` Y.XmlText holding one embedded
 * Y.XmlText per paragraph of at most `maxWords` words with attributes {type: 'turn', speaker, start}, whose text is
 * one insert per word with {start, end, conf, origin} separated by plain ' ' inserts.
 */
export function buildTestTranscriptDoc(doc: Y.Doc, segments: readonly TestSegment[], maxWords = 200): Y.Doc {
  const root = doc.get('content', Y.XmlText);
  doc.transact(() => {
    for (const segment of segments) {
      const speaker = segment.speaker ?? 'Speaker 1';
      for (let from = 0; from < segment.words.length; from += maxWords) {
        const words = segment.words.slice(from, from + maxWords);
        const paragraph = new Y.XmlText();
        const delta: Array<{ insert: string; attributes?: Record<string, unknown> }> = [];
        words.forEach((word, index) => {
          if (index > 0) delta.push({ insert: ' ' });
          const origin = word.origin?.startsWith('plugin:') ? word.origin : 'asr';
          delta.push({ insert: word.text, attributes: { start: word.start, end: word.end, conf: word.confidence, origin } });
        });
        root.insertEmbed(root.length, paragraph);
        for (const [key, value] of Object.entries({ type: 'turn', speaker, start: words[0]!.start })) paragraph.setAttribute(key, value as never);
        paragraph.applyDelta(delta);
      }
    }
  });
  return doc;
}
