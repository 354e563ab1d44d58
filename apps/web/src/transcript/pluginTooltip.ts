import type { PluginChangeJson } from './transcriptJson.ts';

/**
 * The tooltip of a word a plugin wrote ("changed by plugin medical: five milligrams → 5 mg"), from the transcript's
 * plugin changes: the change of that plugin whose new words include this word. Returns a function of the word.
 */
export function pluginTooltip(changes: readonly PluginChangeJson[]): (origin: string, text: string) => string {
  const byPlugin = new Map<string, PluginChangeJson[]>();
  for (const change of changes) byPlugin.set(change.pluginId, [...(byPlugin.get(change.pluginId) ?? []), change]);
  return (origin, text) => {
    const pluginId = origin.startsWith('plugin:') ? origin.slice('plugin:'.length) : origin;
    const change = byPlugin.get(pluginId)?.find((c) => c.after.split(/\s+/).includes(text));
    return change ? `changed by plugin ${pluginId}: ${change.before || '(nothing)'} → ${change.after || '(removed)'}` : `changed by plugin ${pluginId}`;
  };
}
