import { ModelBundleError } from './ModelBundleError.ts';

/**
 * Parses a sherpa-onnx style tokens file: one `<symbol> <id>` per line, ids 0..n-1 each exactly once.
 * `name` is used in error messages.
 */
export function parseTokensTxt(text: string, name: string): string[] {
  const tokens: string[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    // the symbol may itself be a space-like piece, so split at the last space
    const cut = line.lastIndexOf(' ');
    const symbol = cut > 0 ? line.slice(0, cut) : '';
    const idText = line.slice(cut + 1);
    if (cut <= 0 || !/^\d+$/.test(idText)) {
      throw new ModelBundleError('tokens-file-malformed', `${name} line ${i + 1}: expected "<symbol> <id>", got ${JSON.stringify(line.slice(0, 40))}`);
    }
    const id = Number(idText);
    if (tokens[id] !== undefined) {
      throw new ModelBundleError('tokens-file-malformed', `${name} line ${i + 1}: id ${id} is used twice`);
    }
    tokens[id] = symbol;
  });
  if (tokens.length === 0) throw new ModelBundleError('tokens-file-malformed', `${name} is empty`);
  for (let id = 0; id < tokens.length; id++) {
    if (tokens[id] === undefined) throw new ModelBundleError('tokens-file-malformed', `${name}: id ${id} is missing (ids must run 0..${tokens.length - 1})`);
  }
  return tokens;
}
