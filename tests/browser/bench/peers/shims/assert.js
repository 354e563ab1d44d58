// node:assert for the browser bundles (difflib, under slate-transcript-editor's aligner, asserts its arguments).
export default function assert(value, message) {
  if (!value) throw new Error(message ?? 'assertion failed');
}
