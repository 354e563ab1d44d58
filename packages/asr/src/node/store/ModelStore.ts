import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { prepareModelPackage } from '../package/prepareModelPackage.ts';
import { probeModelBundle } from '../package/probeModelBundle.ts';
import { copyPackageFiles, makeReadOnly } from './copyPackageFiles.ts';
import { redactUrl } from './downloadToFile.ts';
import type { InstalledModel, ModelInstallProgress, ModelLineage } from './InstalledModel.ts';
import { ModelStoreError } from './ModelStoreError.ts';
import { packageSha256, type PackageFile } from './packageSha256.ts';
import { stageSource } from './stageSource.ts';
import { sweepStaging } from './sweepStaging.ts';
import { withStoreLock } from './withStoreLock.ts';
import { readJsonIfExists, writeJsonAtomic } from './writeJsonAtomic.ts';

/** What `refs/<id>@<version>.json` holds: which object the name points at, and who put it there. */
interface RefRecord {
  readonly sha256: string;
  readonly installedAt: number;
  readonly installedBy: string | null;
  readonly source: string;
}

/** What `objects/<sha256>/install.json` holds: the model as installed (less its directory), and its files. */
type InstallRecord = Omit<InstalledModel, 'dir'> & { readonly files: readonly PackageFile[] };

export interface ModelStoreOptions {
  /** Clock for install times (ms since the epoch). */
  readonly now?: () => number;
  /** Used for URL installs (default: the global fetch). */
  readonly fetch?: typeof fetch;
}

export interface InstallModelOptions {
  /** Install under this id instead of the package's own. */
  readonly id?: string;
  readonly version?: string;
  /**
   * Expected sha256: of the downloaded file for a URL, of the archive for an archive, of the package content (as
   * {@link InstalledModel.sha256}) for a directory. A mismatch refuses the install before anything is extracted.
   */
  readonly sha256?: string;
  /** A user id, or `cli:<os user>`. */
  readonly installedBy?: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: ModelInstallProgress) => void;
  /** Largest download and largest extracted archive, in bytes (default 4 GiB). */
  readonly maxBytes?: number;
  /** A download that receives nothing for this long fails (default 60 s). */
  readonly timeoutMs?: number;
  /** Accept http:// URLs (for tests against a local server); otherwise https only. */
  readonly allowHttp?: boolean;
}

const DEFAULT_MAX_BYTES = 4 * 1024 ** 3;
const DEFAULT_TIMEOUT_MS = 60_000;
const STALE_STAGING_MS = 24 * 3600_000;
const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
const VERSION = /^[A-Za-z0-9][A-Za-z0-9.+_-]{0,99}$/;
const NO_LINEAGE: ModelLineage = { parent: null, manifestSha256: null, trainingSeconds: null, steps: null };

/**
 * The model store: installed models as immutable, content-addressed directories, shared by the CLI and the server.
 *
 * On disk, under `root`: `objects/<sha256>/` holds one package (its files, the generated `model.json` and
 * `install.json`), never modified once written; `refs/<id>@<version>.json` names an object; `tmp/` holds installs in
 * progress and `downloads/` partial downloads. An install is staged in `tmp/`, checked (package layout, hashes, a
 * probe decode) and only then renamed into `objects/` with its ref written by rename, under a lock, so another process
 * sees the model completely or not at all, and a failed or cancelled install leaves the store as it was.
 *
 * @example
 * const store = new ModelStore('/var/lib/verbatim/models');
 * const model = await store.install('sherpa-onnx-nemo-ctc-en.tar.bz2', { onProgress: console.log });
 * const pool = new TranscriberPool({ bundleDir: model.dir });
 */
export class ModelStore {
  readonly root: string;
  readonly #now: () => number;
  readonly #fetch: typeof fetch | undefined;

  constructor(root: string, options: ModelStoreOptions = {}) {
    this.root = resolve(root);
    this.#now = options.now ?? Date.now;
    this.#fetch = options.fetch;
  }

  /**
   * Installs a package from a directory, a `.tar.gz`/`.tgz`/`.tar.bz2`/`.tar` archive or an https URL. Installing
   * a package already in the store (same content hash) returns the model already there.
   *
   * @throws {ModelStoreError} for the source, download, archive, name and cancellation;
   *   {@link ModelBundleError} when the package's files are missing or wrong or its probe decode fails.
   */
  async install(source: string, options: InstallModelOptions = {}): Promise<InstalledModel> {
    const { signal } = options;
    const onProgress = options.onProgress ?? (() => {});
    await this.#ensureLayout();
    await sweepStaging(join(this.root, 'tmp'), this.#now() - STALE_STAGING_MS);
    const staging = await mkdtemp(join(this.root, 'tmp', 'install-'));
    try {
      const staged = await stageSource(source, staging, join(this.root, 'downloads'), {
        sha256: options.sha256,
        signal,
        onProgress,
        maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES,
        timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        allowHttp: options.allowHttp,
        fetch: this.#fetch,
      });
      signal?.throwIfAborted();
      const prepared = await prepareModelPackage(staged.dir, { id: options.id, version: options.version });
      const id = String(prepared.modelJson.id);
      const version = String(prepared.modelJson.version);
      checkName(id, version);
      if (prepared.files.includes('install.json')) {
        throw new ModelStoreError('invalid-source', `${staged.source} has a file named install.json, the name the store keeps its own record under`);
      }
      signal?.throwIfAborted();

      const bundle = join(staging, 'bundle');
      const files = await copyPackageFiles(staged.dir, prepared.files, bundle, (receivedBytes, totalBytes) => onProgress({ phase: 'hash', receivedBytes, totalBytes }), signal);
      const sha256 = packageSha256(files);
      if (!staged.checked && options.sha256 !== undefined && options.sha256.toLowerCase() !== sha256) {
        throw new ModelStoreError('checksum-mismatch', `${staged.source} has package hash ${sha256}, but ${options.sha256.toLowerCase()} was expected`);
      }
      const known = await this.#existing(sha256, id, version);
      if (known) return known;

      const modelFile = String(prepared.modelJson.file);
      const modelSha256 = files.find((f) => f.path === modelFile)?.sha256;
      if (modelSha256 === undefined) {
        throw new ModelStoreError('invalid-source', `${staged.source}: model.json names the model file ${modelFile}, which is not one of the package's files`);
      }
      await writeFile(join(bundle, 'model.json'), `${JSON.stringify(prepared.modelJson, null, 2)}\n`);
      onProgress({ phase: 'probe', receivedBytes: 0, totalBytes: undefined });
      await probeModelBundle(bundle, { signal });
      signal?.throwIfAborted();

      const language = prepared.modelJson.language;
      const record: InstallRecord = {
        id,
        version,
        ref: `${id}@${version}`,
        sha256,
        modelSha256,
        layout: prepared.layout,
        source: staged.source,
        installedAt: this.#now(),
        installedBy: options.installedBy ?? null,
        sizeBytes: files.reduce((s, f) => s + f.size, 0),
        language: typeof language === 'string' ? language : null,
        calibrated: prepared.calibrated,
        hasLm: prepared.hasLm,
        card: prepared.card ?? null,
        eval: prepared.eval ?? null,
        lineage: prepared.lineage ?? NO_LINEAGE,
        files,
      };
      await writeFile(join(bundle, 'install.json'), `${JSON.stringify(record, null, 2)}\n`);
      await makeReadOnly(bundle);
      onProgress({ phase: 'commit', receivedBytes: 0, totalBytes: undefined });
      return await this.#commit(bundle, record);
    } catch (err) {
      if (signal?.aborted && !(err instanceof ModelStoreError && err.code === 'cancelled')) {
        throw new ModelStoreError('cancelled', `installing ${redactUrl(source)} was cancelled; the store is unchanged`, { cause: err });
      }
      throw err;
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  }

  /** Every installed model version, by id, then install time (newest last). */
  async list(): Promise<InstalledModel[]> {
    const names = await readdir(join(this.root, 'refs')).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return [] as string[];
      throw err;
    });
    const models: InstalledModel[] = [];
    for (const name of names) {
      if (!name.endsWith('.json') || name.startsWith('.')) continue;
      const model = await this.#read(name.slice(0, -'.json'.length));
      if (model) models.push(model);
    }
    return models.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : a.installedAt - b.installedAt || (a.version < b.version ? -1 : 1)));
  }

  /** `id@version`, or `id` for its newest installed version; undefined when not installed. */
  async get(ref: string): Promise<InstalledModel | undefined> {
    if (ref.includes('@')) {
      const [id = '', version = ''] = ref.split('@', 2);
      return ID.test(id) && VERSION.test(version) ? await this.#read(`${id}@${version}`) : undefined;
    }
    if (!ID.test(ref)) return undefined;
    return (await this.list()).filter((m) => m.id === ref).at(-1);
  }

  /** The model whose package hash, or whose ONNX file's hash, is `sha256`. */
  async findBySha256(sha256: string): Promise<InstalledModel | undefined> {
    const wanted = sha256.toLowerCase();
    const models = await this.list();
    return models.find((m) => m.sha256 === wanted) ?? models.find((m) => m.modelSha256 === wanted);
  }

  /**
   * Removes a model version (`id@version`, or `id` for its newest): its ref, and its object when no other ref uses it.
   *
   * @throws {ModelStoreError} `model-not-found`; `model-in-use` with the reason `inUse` gives.
   */
  async remove(ref: string, options: { inUse?: (model: InstalledModel) => string | undefined } = {}): Promise<InstalledModel> {
    await this.#ensureLayout();
    return await withStoreLock(this.root, async () => {
      const model = await this.get(ref);
      if (!model) throw new ModelStoreError('model-not-found', `no installed model ${ref} in ${this.root}`);
      const reason = options.inUse?.(model);
      if (reason !== undefined) throw new ModelStoreError('model-in-use', `${model.ref} is in use: ${reason}`);
      await rm(this.#refPath(model.id, model.version));
      const others = (await this.list()).some((m) => m.sha256 === model.sha256);
      if (!others) {
        // out of objects/ in one rename, then deleted: no reader ever sees half an object
        const doomed = join(this.root, 'tmp', `removed-${model.sha256}-${randomBytes(4).toString('hex')}`);
        await rename(model.dir, doomed);
        await rm(doomed, { recursive: true, force: true });
      }
      return model;
    });
  }

  async #ensureLayout(): Promise<void> {
    for (const dir of ['objects', 'refs', 'tmp', 'downloads']) await mkdir(join(this.root, dir), { recursive: true });
  }

  #refPath(id: string, version: string): string {
    return join(this.root, 'refs', `${id}@${version}.json`);
  }

  async #read(name: string): Promise<InstalledModel | undefined> {
    const ref = (await readJsonIfExists(join(this.root, 'refs', `${name}.json`))) as RefRecord | undefined;
    if (!ref || typeof ref.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(ref.sha256)) return undefined;
    const dir = join(this.root, 'objects', ref.sha256);
    const record = (await readJsonIfExists(join(dir, 'install.json'))) as InstallRecord | undefined;
    if (!record) return undefined;
    const { files: _files, ...model } = record;
    const [id = model.id, version = model.version] = name.split('@', 2);
    return { ...model, id, version, ref: `${id}@${version}`, installedAt: ref.installedAt, installedBy: ref.installedBy, source: ref.source, dir };
  }

  /** The model already installed with this content, or undefined; refuses an id@version that names other content. */
  async #existing(sha256: string, id: string, version: string): Promise<InstalledModel | undefined> {
    const named = await this.#read(`${id}@${version}`);
    if (named && named.sha256 !== sha256) {
      throw new ModelStoreError(
        'already-installed',
        `${id}@${version} is already installed with package hash ${named.sha256}; this package's hash is ${sha256}. Install it under another --version, or remove the installed one first`,
      );
    }
    if (named) return named;
    return (await this.list()).find((m) => m.sha256 === sha256);
  }

  async #commit(bundle: string, record: InstallRecord): Promise<InstalledModel> {
    return await withStoreLock(this.root, async () => {
      // another install may have committed the same content or the same name since the check before the probe
      const known = await this.#existing(record.sha256, record.id, record.version);
      if (known) return known;
      const object = join(this.root, 'objects', record.sha256);
      // an object with no ref (a process stopped between the two renames) holds these same files: reuse it
      if (!(await stat(object).catch(() => undefined))) await rename(bundle, object);
      const ref: RefRecord = { sha256: record.sha256, installedAt: record.installedAt, installedBy: record.installedBy, source: record.source };
      await writeJsonAtomic(this.#refPath(record.id, record.version), ref);
      const model = await this.#read(`${record.id}@${record.version}`);
      if (!model) throw new ModelStoreError('store-corrupt', `${record.ref} was committed to ${this.root} but cannot be read back`);
      return model;
    });
  }
}

function checkName(id: string, version: string): void {
  if (!ID.test(id)) throw new ModelStoreError('invalid-ref', `model id ${JSON.stringify(id)} is not valid: letters, digits, ".", "_" and "-", starting with a letter or digit`);
  if (!VERSION.test(version)) throw new ModelStoreError('invalid-ref', `model version ${JSON.stringify(version)} is not valid: letters, digits, ".", "+", "_" and "-", starting with a letter or digit`);
}
