// Assembling the sandbox SCIM directory: the Express app with its control surface and the SCIM pipeline in order, and starting it on a loopback port.
import express from 'express';
import type { Request } from 'express';
import SCIMMYRouters from 'scimmy-routers';
import { Faults, handleFaultControl } from '../../faults.js';
import { listenOnLoopback } from '../../loopback.js';
import { SCIM_CONTENT_TYPE } from '../protocol.js';
import { ScimStore } from '../store.js';
import { requireBearer, tokenMatches } from './auth.js';
import { groupPatchRoute } from './group-patch-route.js';
import { membersExcluded, type HandlerContext } from './handler-context.js';
import { normaliseBasePath, pointScimmyAt, publicBase } from './locations.js';
import { countAndFixResponses, injectFaults, scimErrorHandler, type ScimCounts } from './middleware.js';
import { declareResources } from './resource-handlers.js';
import type { LoggedRequest } from '../../request-log.js';

export interface ScimServerOptions {
  /** The bearer token clients must send. */
  token: string;
  /** Fault injection; a fresh, quiet Faults is made when omitted. */
  faults?: Faults;
  /** Path the SCIM endpoints are mounted at. Default "/scim/v2". */
  basePath?: string;
  /**
   * Public base for `meta.location` and the Location header: either an origin
   * ("https://directory.zoho.com", basePath is appended) or the full public SCIM base URL
   * ("https://directory.zoho.com/api/v1/scim", used as it is). Without it, locations are built
   * from the request's Host header and basePath.
   */
  baseUri?: string;
  /** Told of every authenticated SCIM request, with its parsed body (the benchmark's replay). */
  onRequest?: (request: LoggedRequest) => void;
}

export interface ScimApp {
  app: express.Express;
  store: ScimStore;
  faults: Faults;
  counts: ScimCounts;
}

export interface RunningScimServer {
  /** Full SCIM base URL, e.g. http://127.0.0.1:PORT/scim/v2, no trailing slash. */
  url: string;
  close(): Promise<void>;
  store: ScimStore;
  faults: Faults;
  counts: ScimCounts;
}

/**
 * Users (with the enterprise extension) and Groups behind bearer auth, with discovery endpoints,
 * PATCH/PUT/DELETE, filters answered from the store's indexes and fault injection; plus a small
 * sandbox control surface outside auth:
 *   GET|POST /__sandbox/faults   read or change the fault settings
 *   GET      /__sandbox/state    {users, groups, reads, writes}
 */
export function createScimApp(opts: ScimServerOptions): ScimApp {
  if (!opts.token) throw new TypeError('createScimApp needs a token');
  declareResources();
  const token = opts.token;
  const basePath = normaliseBasePath(opts.basePath);
  const faults = opts.faults ?? new Faults();
  const counts: ScimCounts = { reads: 0, writes: 0 };
  const base = publicBase(opts.baseUri, basePath);
  const store = new ScimStore({ locationBase: base.fixed ?? basePath });
  const pointAtThisApp = (req: Request): void => pointScimmyAt(base.of(req));
  const contextFor = (req: Request): HandlerContext => ({ store, omitMembers: membersExcluded(req.query), keepMembers: false });

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  // Sandbox control surface, outside auth and outside fault injection.
  app.all('/__sandbox/faults', async (req, res) => {
    try {
      await handleFaultControl(faults, req, res, '/__sandbox/faults');
    } catch (ex) {
      if (!res.headersSent) res.status(400).json({ error: (ex as Error).message });
    }
  });
  app.get('/__sandbox/state', (_req, res) => {
    res.json({ users: store.userCount, groups: store.groupCount, reads: counts.reads, writes: counts.writes });
  });

  const scim = express.Router();
  // 1. Faults: latency, then maybe a 429 / 5xx with a SCIM Error body.
  scim.use(injectFaults(faults));
  // 2. Bearer token on every SCIM route.
  scim.use(requireBearer(token));
  // 3. Counts, and fix-ups on what SCIMMY sends (Location on 201, itemsPerPage).
  scim.use(countAndFixResponses(counts));
  // 4. JSON bodies (SCIMMY's router sees them already parsed). 1 MiB, as /ServiceProviderConfig says.
  scim.use(express.json({ type: [SCIM_CONTENT_TYPE, 'application/json'], limit: 1024 * 1024 }));
  // 4b. What was asked, with its body (the benchmark replays a run: sandbox/request-log.ts).
  const onRequest = opts.onRequest;
  if (onRequest) {
    scim.use((req, _res, next) => {
      const write = req.method !== 'GET' && req.method !== 'HEAD';
      onRequest({ server: 'scim', method: req.method, url: req.originalUrl, ...(write ? { body: JSON.stringify(req.body) } : {}) });
      next();
    });
  }
  // 5. Group PATCH: member changes straight to the store, O(1) each.
  scim.patch('/Groups/:id', groupPatchRoute(store, pointAtThisApp, contextFor));
  // 6. Everything else: SCIMMY. It authenticates again (harmless), and that hook is where we point
  //    SCIMMY's base paths at this app's public base, after scimmy-routers set its own.
  scim.use(
    new SCIMMYRouters({
      type: 'bearer',
      docUri: 'https://datatracker.ietf.org/doc/html/rfc6750',
      handler: (req) => {
        if (!tokenMatches(req.get('authorization'), token)) throw new Error('Authentication failed');
        pointAtThisApp(req); // after scimmy-routers set them from req.baseUrl
        return '';
      },
      context: contextFor,
    }),
  );
  // 7. Errors that reach us: SCIM Error bodies, and nothing printed to the console.
  scim.use(scimErrorHandler);

  app.use(basePath || '/', scim);
  return { app, store, faults, counts };
}

export async function startScimServer(opts: ScimServerOptions & { port?: number }): Promise<RunningScimServer> {
  const created = createScimApp(opts);
  const loopback = await listenOnLoopback(created.app, opts.port);
  return {
    url: `${loopback.origin}${normaliseBasePath(opts.basePath)}`,
    close: loopback.close,
    store: created.store,
    faults: created.faults,
    counts: created.counts,
  };
}
