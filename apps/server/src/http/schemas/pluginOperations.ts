import { PluginChangeListResponse, PluginListResponse, ProjectPluginJson, ProjectPluginListResponse } from '../../plugins/pluginSchemas.ts';
import type { ApiOperation } from './ApiOperation.ts';

const PLUGIN_ID = { description: 'The plugin id, e.g. "medical".', maxLength: 100 } as const;

/** The plugin routes of `API_OPERATIONS`. */
export const PLUGIN_OPERATIONS: readonly ApiOperation[] = [
  {
    id: 'listPlugins', method: 'get', path: '/api/plugins', tag: 'plugins', auth: true, errors: [],
    summary: 'The installed plugins and what each contributes (any account); administrators also get the refused plugins and why.',
    success: { status: 200, schema: PluginListResponse, description: 'The plugins, by id.' },
  },
  {
    id: 'listProjectPlugins', method: 'get', path: '/api/projects/:id/plugins', tag: 'plugins', auth: true, errors: [400, 404],
    summary: "The plugins a project enabled, with their installed version and who enabled them when (any member).",
    success: { status: 200, schema: ProjectPluginListResponse, description: 'The enabled plugins, by id.' },
  },
  {
    id: 'enableProjectPlugin', method: 'put', path: '/api/projects/:id/plugins/:pluginId', tag: 'plugins', auth: true, errors: [400, 403, 404],
    pathParams: { pluginId: PLUGIN_ID },
    errorText: { 404: 'Unknown project, or plugin-not-found: no installed plugin has this id (or it was refused).' },
    summary: "Enable an installed plugin for a project's transcriptions (owners); idempotent: 201 when enabled now, 200 when it already was.",
    success: { status: 200, alsoStatus: 201, schema: ProjectPluginJson, description: 'The enabled plugin (201: newly enabled).' },
  },
  {
    id: 'disableProjectPlugin', method: 'delete', path: '/api/projects/:id/plugins/:pluginId', tag: 'plugins', auth: true, errors: [400, 403, 404],
    pathParams: { pluginId: PLUGIN_ID },
    errorText: { 404: 'Unknown project, or plugin-not-enabled: the project has not enabled this plugin.' },
    summary: 'Disable a plugin for a project (owners); transcripts it already touched keep its changes and provenance.',
    success: { status: 204, description: 'Disabled.' },
  },
  {
    id: 'listTranscriptPluginChanges', method: 'get', path: '/api/transcripts/:id/plugin-changes', tag: 'plugins', auth: true, errors: [400, 404],
    summary: "What plugins' post-processors changed in a transcript's words, in the order they ran (anyone who may read it).",
    success: { status: 200, schema: PluginChangeListResponse, description: 'The changes.' },
  },
];
