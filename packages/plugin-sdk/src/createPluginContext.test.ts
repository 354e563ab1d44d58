import { describe, expect, it } from 'vitest';
import { API_VERSION } from './apiVersion.ts';
import { createPluginContext } from './createPluginContext.ts';
import { definePlugin } from './definePlugin.ts';
import { pluginFromModule } from './pluginFromModule.ts';

const quiet = () => {
  const logs: string[] = [];
  return { logs, log: { info: (m: string) => logs.push(`info ${m}`), warn: (m: string) => logs.push(`warn ${m}`) } };
};

describe('createPluginContext', () => {
  it('fills the registry and lets each registration be disposed', () => {
    const { log } = quiet();
    const { context, registry } = createPluginContext('medical', log);
    expect(context.pluginId).toBe('medical');
    expect(context.apiVersion).toBe(API_VERSION);
    const terms = [{ phrase: 'metformin' }];
    const v = context.vocabularies.register('medical.terms', terms);
    const pp = context.postProcessors.register('medical.dosage', (words) => ({ words: [...words], changes: [] }));
    context.commands.register('medical.showDrugs', () => 'ok');
    expect(registry.vocabularies.get('medical.terms')).toBe(terms);
    expect([...registry.postProcessors.keys()]).toEqual(['medical.dosage']);
    pp.dispose();
    pp.dispose();
    expect(registry.postProcessors.size).toBe(0);
    v.dispose();
    expect(registry.vocabularies.size).toBe(0);
    expect(registry.commands.size).toBe(1);
  });

  it('refuses ids of another plugin, duplicates and wrong values', () => {
    const { context } = createPluginContext('medical', quiet().log);
    expect(() => context.postProcessors.register('ruby.casing', (w) => ({ words: [...w], changes: [] }))).toThrow(/must start with "medical\."/);
    expect(() => context.postProcessors.register('medical.', (w) => ({ words: [...w], changes: [] }))).toThrow(/must start with/);
    expect(() => context.commands.register('medical.x', 'nope' as never)).toThrow(/expected a function/);
    expect(() => context.vocabularies.register('medical.x', { phrase: 'x' } as never)).toThrow(/expected an array/);
    const first = context.commands.register('medical.x', () => 1);
    expect(() => context.commands.register('medical.x', () => 2)).toThrow(/already registered/);
    first.dispose();
    expect(() => context.commands.register('medical.x', () => 2)).not.toThrow();
  });

  it('disposes subscriptions last first, survives one that throws, and clears the registry', async () => {
    const { logs, log } = quiet();
    const { context, registry, dispose } = createPluginContext('medical', log);
    const order: string[] = [];
    context.subscriptions.push({ dispose: () => order.push('a') }, { dispose: () => { throw new Error('boom'); } }, { dispose: () => order.push('c') });
    context.commands.register('medical.x', () => 1);
    context.log.info('hello');
    await dispose();
    await dispose();
    expect(order).toEqual(['c', 'a']);
    expect(logs).toEqual(['info hello', 'warn a subscription threw on dispose: boom']);
    expect(registry.commands.size).toBe(0);
    expect(() => context.commands.register('medical.y', () => 1)).toThrow(/deactivated/);
  });
});

describe('definePlugin and pluginFromModule', () => {
  it('checks the shape', () => {
    const plugin = { activate() {} };
    expect(definePlugin(plugin)).toBe(plugin);
    expect(() => definePlugin({} as never)).toThrow(/activate must be a function/);
    expect(() => definePlugin({ activate() {}, deactivate: 1 } as never)).toThrow(/deactivate/);
    expect(() => definePlugin(null as never)).toThrow(TypeError);
  });

  it('finds the plugin in a default export, a CommonJS default or named exports', () => {
    const plugin = definePlugin({ activate() {} });
    expect(pluginFromModule({ default: plugin })).toBe(plugin);
    expect(pluginFromModule({ default: { default: plugin } })).toBe(plugin);
    const named = { activate() {}, deactivate() {} };
    expect(pluginFromModule(named)).toBe(named);
    expect(() => pluginFromModule({ default: 42 }, 'x/index.js')).toThrow(/x\/index\.js exports no plugin/);
  });
});
