// @vitest-environment jsdom
import { act, Suspense, useEffect } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lazyParts } from './lazyParts.tsx';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root;
let host: HTMLElement;
let mounts = 0;
let imports = 0;

function Greeting({ name }: { name: string }) {
  useEffect(() => void mounts++, []);
  return <p>hello {name}</p>;
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

beforeEach(() => {
  mounts = 0;
  imports = 0;
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
});

afterEach(() => {
  act(() => root.unmount());
  host.remove();
});

describe('lazyParts', () => {
  it('renders a part mounted after the module loaded in the same render, without the fallback', async () => {
    const parts = lazyParts(async () => (imports++, { Greeting }));
    const Part = parts.part('Greeting');
    await parts.load();
    act(() => root.render(<Suspense fallback={<p>loading</p>}><Part name="Ada" /></Suspense>));
    // (React.lazy would show the fallback here and the content only after its 300 ms throttle)
    expect(host.textContent).toBe('hello Ada');
    expect(imports).toBe(1);
  });

  it('suspends a part mounted before the module loaded, then shows it once, without remounting it', async () => {
    const module = deferred<{ Greeting: typeof Greeting }>();
    const parts = lazyParts(() => (imports++, module.promise));
    const Part = parts.part('Greeting');
    act(() => root.render(<Suspense fallback={<p>loading</p>}><Part name="Ada" /></Suspense>));
    expect(host.textContent).toBe('loading');
    await act(async () => module.resolve({ Greeting }));
    await act(async () => new Promise((r) => setTimeout(r, 350)));
    expect(host.textContent).toBe('hello Ada');
    act(() => root.render(<Suspense fallback={<p>loading</p>}><Part name="Grace" /></Suspense>));
    expect(host.textContent).toBe('hello Grace');
    expect(mounts).toBe(1);
    expect(imports).toBe(1);
  });

  it('tries a failed load again', async () => {
    let fail = true;
    const parts = lazyParts(async () => {
      imports++;
      if (fail) throw new Error('offline');
      return { Greeting };
    });
    await expect(parts.load()).rejects.toThrow('offline');
    fail = false;
    await expect(parts.load()).resolves.toEqual({ Greeting });
    expect(imports).toBe(2);
  });

  it('preloads in an idle period, and not after being cancelled', async () => {
    const parts = lazyParts(async () => (imports++, { Greeting }));
    parts.preloadWhenIdle()();
    await new Promise((r) => setTimeout(r, 20));
    expect(imports).toBe(0);
    parts.preloadWhenIdle();
    await new Promise((r) => setTimeout(r, 20));
    expect(imports).toBe(1);
  });
});
