import { OpenAPIHono } from '@hono/zod-openapi';
import { LoginThrottle } from '../auth/LoginThrottle.ts';
import type { AppDeps } from './AppDeps.ts';
import type { AppEnv } from './AppEnv.ts';
import { handleError, handleNotFound } from './handleError.ts';
import { pinoLogger } from './Logger.ts';
import { httpMetrics } from '../metrics/httpMetrics.ts';
import { registerFieldQualityMetrics } from '../metrics/fieldQualityGauges.ts';
import { metricsRoutes } from '../metrics/metricsRoutes.ts';
import { comparisonProjectRoutes, comparisonRoutes } from '../models/compare/comparisonRoutes.ts';
import { registerModelAliasMetrics } from '../models/modelAliasMetrics.ts';
import { modelAliasRoutes } from '../models/modelAliasRoutes.ts';
import { modelRoutes } from '../models/modelRoutes.ts';
import { projectModelAliasRoutes } from '../models/projectModelAliasRoutes.ts';
import { rerunProjectRoutes, retranscribeRoutes } from '../models/rerun/rerunRoutes.ts';
import { ServerMetrics } from '../metrics/ServerMetrics.ts';
import { accessLog } from './middleware/accessLog.ts';
import { authenticate } from './middleware/authenticate.ts';
import { bodyLimit } from './middleware/bodyLimit.ts';
import { requestId } from './middleware/requestId.ts';
import { requireChangedPassword } from './middleware/requireChangedPassword.ts';
import { requireCsrfToken } from './middleware/requireCsrfToken.ts';
import { requireTokenScope } from './middleware/requireTokenScope.ts';
import { serveWebApp } from './middleware/serveWebApp.ts';
import { authRoutes } from './routes/authRoutes.ts';
import { healthRoutes } from './routes/healthRoutes.ts';
import { jobProjectRoutes } from './routes/jobProjectRoutes.ts';
import { jobRoutes } from './routes/jobRoutes.ts';
import { isMediaUploadRequest, mediaProjectRoutes } from './routes/mediaProjectRoutes.ts';
import { mediaRoutes } from './routes/mediaRoutes.ts';
import { meRoutes } from './routes/meRoutes.ts';
import { openApiRoutes } from './routes/openApiRoutes.ts';
import { pluginRoutes } from './routes/pluginRoutes.ts';
import { projectPluginRoutes } from './routes/projectPluginRoutes.ts';
import { projectRoutes } from './routes/projectRoutes.ts';
import { reviewProjectRoutes } from './routes/reviewProjectRoutes.ts';
import { reviewRoutes } from './routes/reviewRoutes.ts';
import { revisionRoutes } from '../transcripts/revisions/revisionRoutes.ts';
import { tokenRoutes } from './routes/tokenRoutes.ts';
import { transcriptProjectRoutes } from './routes/transcriptProjectRoutes.ts';
import { transcriptRoutes } from './routes/transcriptRoutes.ts';
import { userRoutes } from './routes/userRoutes.ts';
import { vocabularyRoutes } from './routes/vocabularyRoutes.ts';
import { mediaAttributeRoutes, speakerAttributeRoutes } from '../quality/attributeRoutes.ts';
import { projectQualitySettingsRoutes, qualityRoutes } from '../quality/qualityRoutes.ts';
import { transcriptionSettingsRoutes } from '../transcription/transcriptionSettingsRoutes.ts';
import { verifiedSpanRoutes } from '../quality/verifiedSpanRoutes.ts';
import { trainingExportRoutes } from '../training/trainingExportRoutes.ts';
import { liveProjectRoutes, liveSessionRoutes } from '../live/liveRoutes.ts';
import { liveViewerRoutes } from '../live/view/liveViewerRoutes.ts';
import { TOKEN_SCOPE_ROUTES } from './tokenScopeRoutes.ts';

/** Largest JSON request body the API accepts. */
export const JSON_BODY_LIMIT_BYTES = 1024 * 1024;

// The JSON API; uploads (POST /api/projects/:id/media) stream to disk under their own limit instead.
const JSON_ROUTES = ['/api/auth', '/api/me', '/api/users', '/api/tokens', '/api/projects', '/api/jobs', '/api/transcripts', '/api/plugins', '/api/quality', '/api/media', '/api/models', '/api/model-aliases', '/api/model-comparisons', '/api/live-sessions'] as const;

// What an account with a one-time password may call: everything else answers 403 password-change-required.
const PASSWORD_CHANGE_ROUTES = ['POST /api/auth/login', 'POST /api/auth/logout', 'GET /api/me', 'GET /api/me/', 'POST /api/me/password', 'GET /api/openapi.json'];

/** Options of {@link createApp}. */
export interface CreateAppOptions {
  /** Where HTTP latency is recorded and what `GET /metrics` (loopback or administrators only) serves (default: a fresh set over `deps.queue`). */
  readonly metrics?: ServerMetrics;
}

/**
 * The server's Hono app over `deps`: request ids and access logs on every request; on `/api/*` the caller is
 * found from the session cookie or an API token and cookie-authenticated writes need the CSRF token; JSON bodies
 * are limited to 1 MiB. Every route is declared with its OpenAPI description (`apiRoute`), and `/api/openapi.json`
 * is generated from them. Every error is JSON `{ error: { code, message } }` with a precise 4xx for bad input,
 * and unknown routes are a JSON 404. Outside the API it serves the built web workbench (`config.webDir`, see
 * `serveWebApp`). The app does not own `deps`: closing the database is the caller's job.
 *
 * @example
 * const context = createServerContext(config);
 * serve({ fetch: createApp(context).fetch, port: config.port });
 */
export function createApp(deps: AppDeps, options: CreateAppOptions = {}): OpenAPIHono<AppEnv> {
  const logger = deps.logger ?? pinoLogger();
  const metrics = options.metrics ?? new ServerMetrics({ queueDepth: () => deps.queue.depth() });
  registerFieldQualityMetrics(metrics.registry, deps.db);
  if (deps.models !== undefined) registerModelAliasMetrics(metrics.registry, deps.models);
  const app = new OpenAPIHono<AppEnv>();
  app.onError(handleError(logger));
  app.notFound(handleNotFound());

  // first, so the time covers every middleware and error responses too
  app.use(httpMetrics(metrics));
  app.use(requestId());
  app.use(accessLog({ logger }));
  const authenticated = authenticate({ sessions: deps.sessions, tokens: deps.tokens });
  app.use('/api/*', authenticated);
  app.use('/metrics', authenticated);
  app.use('/api/*', requireCsrfToken({ exemptPaths: ['/api/auth/login'] }));
  app.use('/api/*', requireChangedPassword({ allow: PASSWORD_CHANGE_ROUTES }));
  app.use('/api/*', requireTokenScope({ routes: TOKEN_SCOPE_ROUTES }));
  const limit = bodyLimit({ maxBytes: JSON_BODY_LIMIT_BYTES });
  // `/prefix/*` matches `/prefix` itself too
  for (const prefix of JSON_ROUTES) app.use(`${prefix}/*`, (c, next) => (isMediaUploadRequest(c.req.method, c.req.path) ? next() : limit(c, next)));

  app.route('/', healthRoutes(deps));
  app.route('/', openApiRoutes(deps, app));
  app.route('/', metricsRoutes(metrics));
  // one throttle for every password check, so guesses at login and at a password change count together
  const loginThrottle = new LoginThrottle(deps.config.loginThrottle);
  app.route('/api/auth', authRoutes(deps, { loginThrottle }));
  app.route('/api/me', meRoutes(deps, { loginThrottle }));
  app.route('/api/users', userRoutes(deps));
  app.route('/api/tokens', tokenRoutes(deps));
  app.route('/api/projects', projectRoutes(deps));
  app.route('/api/projects', mediaProjectRoutes(deps));
  app.route('/api/media', mediaRoutes(deps));
  app.route('/api/projects', jobProjectRoutes(deps));
  app.route('/api/jobs', jobRoutes(deps));
  app.route('/api/projects', transcriptProjectRoutes(deps));
  app.route('/api/transcripts', transcriptRoutes(deps));
  app.route('/api/projects', vocabularyRoutes(deps));
  app.route('/api/plugins', pluginRoutes(deps));
  app.route('/api/projects', projectPluginRoutes(deps));
  app.route('/api/transcripts', reviewRoutes(deps));
  app.route('/api/projects', reviewProjectRoutes(deps));
  app.route('/api/transcripts', verifiedSpanRoutes(deps));
  app.route('/api/media', mediaAttributeRoutes(deps));
  app.route('/api/projects', speakerAttributeRoutes(deps));
  app.route('/api/projects', projectQualitySettingsRoutes(deps));
  app.route('/api/projects', transcriptionSettingsRoutes(deps));
  app.route('/api/quality', qualityRoutes(deps));
  app.route('/api/models', modelRoutes(deps));
  app.route('/api/model-aliases', modelAliasRoutes(deps));
  app.route('/api/projects', projectModelAliasRoutes(deps));
  app.route('/api/projects', comparisonProjectRoutes(deps));
  app.route('/api/model-comparisons', comparisonRoutes(deps));
  app.route('/api/projects', rerunProjectRoutes(deps));
  app.route('/api/transcripts', retranscribeRoutes(deps));
  app.route('/api/transcripts', revisionRoutes(deps));
  app.route('/api/projects', trainingExportRoutes(deps));
  app.route('/api/projects', liveProjectRoutes(deps));
  app.route('/api/live-sessions', liveSessionRoutes(deps));
  // viewer links: made under the API; what they open is public (no account, the token is the credential)
  const liveViewer = liveViewerRoutes(deps);
  app.route('/api/live-sessions', liveViewer.links);
  app.route('/live/view', liveViewer.view);
  // last: it only answers paths outside the API, and leaves anything it does not serve to the JSON 404
  app.use(serveWebApp({ root: deps.config.webDir, publicUrl: deps.config.publicUrl }));
  return app;
}
