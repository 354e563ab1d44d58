import { type ComponentType, lazy, useState } from 'react';
import { whenIdle } from './whenIdle.ts';

/** The components of a lazily loaded module, see {@link lazyParts}. */
export interface LazyParts<M> {
  /** A component of the module: it suspends (React.lazy) only while the module is not loaded yet. */
  part<K extends PartName<M>>(name: K): ComponentType<PropsOf<M[K]>>;
  /** Loads the module now (once; a failed load is tried again next time). */
  load(): Promise<M>;
  /** Loads the module in the browser's next idle period; returns what cancels that. */
  preloadWhenIdle(): () => void;
}

type PartName<M> = { [K in keyof M]: M[K] extends ComponentType<never> ? K : never }[keyof M];
type PropsOf<C> = C extends ComponentType<infer P> ? P : never;

/**
 * Components of a module loaded on demand (its own chunk). Unlike a bare `React.lazy`, a part mounted once the module
 * is loaded renders straight away: a lazy component suspends on its first render even when its chunk is already
 * there, and React then holds the Suspense boundary's content back for its fallback throttle (300 ms; it was the
 * first 0.3 s of every first transcript opened on a page).
 */
export function lazyParts<M>(importer: () => Promise<M>): LazyParts<M> {
  let loaded: M | undefined;
  let loading: Promise<M> | undefined;
  const load = () =>
    (loading ??= importer().then(
      (m) => (loaded = m),
      (error: unknown) => {
        loading = undefined;
        throw error;
      },
    ));
  return {
    load,
    preloadWhenIdle: () => whenIdle(() => void load().catch(() => {}), 2000),
    part<K extends PartName<M>>(name: K) {
      type Props = PropsOf<M[K]>;
      const Lazy = lazy(() => load().then((m) => ({ default: m[name] as unknown as ComponentType<Props> })));
      function Part(props: Props) {
        // chosen once per mounted part: going from the lazy component to the loaded one would remount what it shows
        const [Loaded] = useState(() => (loaded == null ? undefined : ((loaded as M)[name] as unknown as ComponentType<Props>)));
        return Loaded ? <Loaded {...(props as Props & object)} /> : <Lazy {...(props as Props & object)} />;
      }
      Part.displayName = String(name);
      return Part;
    },
  };
}
