import type { Disposable } from '../../platform/Disposable.ts';
import { Emitter } from '../../platform/Emitter.ts';

// one per workbench (its ApiClient), so that two signed-in workbenches in one page never hear each other
const emitters = new WeakMap<object, Emitter<void>>();

function emitterOf(api: object): Emitter<void> {
  let emitter = emitters.get(api);
  if (!emitter) emitters.set(api, (emitter = new Emitter<void>()));
  return emitter;
}

/** Listens for changes that move the quality figures (a span marked verified or unmarked, settings, a recalibration). */
export function onDidChangeQuality(api: object, listener: () => void): Disposable {
  return emitterOf(api).event(listener);
}

/** Says that something moved the quality figures: every Quality view and dashboard of this workbench reads them again. */
export function didChangeQuality(api: object): void {
  emitters.get(api)?.fire();
}
