/**
 * Stops React DOM from measuring the editor's selection around every commit.
 *
 * Before each commit React saves the selection of the focused element when that element "has selection
 * capabilities" (`element.contentEditable === 'true'`), and it does so by walking every DOM node of the element,
 * counting text lengths, to turn the selection into offsets (restored after the commit if the focus moved). On a
 * transcript of 30,000 words that walk is a quarter of a million nodes, some 30 ms on every keystroke. Slate owns the
 * editor's selection and sets it itself after rendering, so React's copy is never needed: this shadows the
 * `contentEditable` property on the element instance (the attribute, which is what the browser and Slate use, is
 * untouched) so that React sees no selection to save. Returns the function that removes the shadow.
 */
export function skipReactSelectionSave(element: HTMLElement): () => void {
  Object.defineProperty(element, 'contentEditable', {
    configurable: true,
    get: () => 'inherit',
    set: (value: string) => {
      // writes still reach the element
      delete (element as { contentEditable?: string }).contentEditable;
      element.contentEditable = value;
      skipReactSelectionSave(element);
    },
  });
  return () => {
    delete (element as { contentEditable?: string }).contentEditable;
  };
}
