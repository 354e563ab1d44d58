import { LiveCaptioner } from '@verbatim/asr/node';
import type { Logger } from '../http/Logger.ts';
import type { ModelRegistry } from '../models/ModelRegistry.ts';
import type { Captioner } from './LiveCaptioning.ts';
import type { LiveSession } from './LiveSession.ts';

/** Options of {@link LiveCaptioners}. */
export interface LiveCaptionersOptions {
  /** Where a session's model is found (by id, version and package hash). */
  readonly models?: Pick<ModelRegistry, 'store'> | undefined;
  /** Opens a model's captioner (default: `LiveCaptioner.open` of the bundle, one ONNX thread). */
  readonly openCaptioner?: ((bundleDir: string) => Promise<Captioner>) | undefined;
  readonly logger?: Logger | undefined;
}

/**
 * One captioner per model (by package hash), opened at the first session of that model and shared by every later
 * one; a model that fails to load is tried again by the next session, and a captioner that gave up for good (its
 * worker kept stopping) is replaced by a fresh one when the next session activates. `dispose()` stops them all.
 */
export class LiveCaptioners {
  readonly #options: LiveCaptionersOptions;
  readonly #open: (bundleDir: string) => Promise<Captioner>;
  readonly #byModel = new Map<string, Promise<Captioner>>();

  constructor(options: LiveCaptionersOptions) {
    this.#options = options;
    this.#open = options.openCaptioner ?? ((bundleDir: string) => LiveCaptioner.open({ bundleDir, threads: 1 }));
  }

  /** The captioner of the session's model, or undefined (logged) when that model is not installed or does not load. */
  async forSession(session: LiveSession): Promise<Captioner | undefined> {
    const { logger, models } = this.#options;
    const installed = await models?.store.get(`${session.model.id}@${session.model.version}`);
    if (installed === undefined || installed.sha256 !== session.model.sha256) {
      logger?.warn({ sessionId: session.id, model: session.model }, 'the model of a live session is not installed; recording it without captions');
      return undefined;
    }
    // a captioner that gave up for good (its worker kept stopping) is replaced by a fresh one, once per activation
    for (let fresh = false; ; fresh = true) {
      let opening = this.#byModel.get(installed.sha256);
      if (opening === undefined) {
        const made = this.#open(installed.dir);
        opening = made;
        this.#byModel.set(installed.sha256, made);
        made.catch(() => {
          if (this.#byModel.get(installed.sha256) === made) this.#byModel.delete(installed.sha256);
        });
      }
      let captioner: Captioner;
      try {
        captioner = await opening;
      } catch (error) {
        logger?.error({ sessionId: session.id, model: session.model, err: String(error) }, 'could not load the live captioner; recording without captions');
        return undefined;
      }
      if (captioner.usable) return captioner;
      if (this.#byModel.get(installed.sha256) === opening) {
        this.#byModel.delete(installed.sha256);
        logger?.warn({ sessionId: session.id, model: session.model }, 'the live captioner had given up; opening a fresh one');
        void captioner.dispose().catch(() => {});
      }
      if (fresh) {
        logger?.error({ sessionId: session.id, model: session.model }, 'a fresh live captioner is not usable either; recording without captions');
        return undefined;
      }
    }
  }

  /** Stops every captioner's worker. */
  async dispose(): Promise<void> {
    const all = [...this.#byModel.values()];
    this.#byModel.clear();
    for (const captioner of all) {
      try {
        await (await captioner).dispose();
      } catch {
        // one that never opened has nothing to stop
      }
    }
  }
}
