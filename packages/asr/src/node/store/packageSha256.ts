import { createHash } from 'node:crypto';

/** One file of a model package, as the store records it. */
export interface PackageFile {
  /** Relative posix path inside the package. */
  readonly path: string;
  readonly sha256: string;
  readonly size: number;
}

/**
 * The content hash that names a package in the store: sha256 of the lines `<file sha256>  <posix path>\n` (the
 * `sha256sum` format), sorted, over the package's own files. The same files under the same names give the same hash
 * whatever order they were listed, copied or archived in, so installing a package twice finds the model already there.
 *
 * The model.json the store generates (for sherpa-onnx and wav2vec2 layouts, or a bundle's own with another id or
 * version) is not hashed: it is derived from these files by the installing code and the name the installer chose, so
 * hashing it would make one package two models after a generator change or a second install under another name. A
 * Verbatim bundle's own model.json is one of its files and is hashed like the rest.
 *
 * @example
 * packageSha256([{ path: 'model.onnx', sha256: 'ab…', size: 1 }, { path: 'tokens.txt', sha256: 'cd…', size: 2 }]);
 */
export function packageSha256(files: readonly PackageFile[]): string {
  const lines = files.map((f) => `${f.sha256}  ${f.path}\n`).sort();
  const hash = createHash('sha256');
  for (const line of lines) hash.update(line, 'utf8');
  return hash.digest('hex');
}
