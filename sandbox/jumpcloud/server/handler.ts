// The request handler: sandbox fault controls, request counting and hooks, fault injection, auth, then the v1 and v2 routes; errors become JumpCloud's bodies.
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import { Faults, handleFaultControl } from '../../faults.js';
import type { JumpCloudDirectory } from '../directory.js';
import { authenticate, type ApiKey } from './auth.js';
import { OrgDirectories } from './orgs.js';
import { answerCrash, HttpError, notFound, send } from './responses.js';
import { routeV1 } from './routes-v1.js';
import { routeV2 } from './routes-v2.js';
import { createUserLists } from './user-lists.js';

export interface JumpCloudHandlerOptions {
  directory: JumpCloudDirectory;
  apiKeys: ApiKey[];
  faults?: Faults;
  /** Directories of other orgs an MTP key can select; an org without one is served empty. */
  otherDirectories?: JumpCloudDirectory[];
}

export interface JumpCloudHandler {
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** /api requests received, faulted and rejected ones included. */
  readonly requests: number;
  readonly faults: Faults;
  /** Runs `fn` once, right after the n-th /api request from now has been answered. */
  afterRequests(n: number, fn: () => void): void;
}

async function readBody(req: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  return text;
}

export function createJumpCloudHandler(opts: JumpCloudHandlerOptions): JumpCloudHandler {
  const faults = opts.faults ?? new Faults();
  const orgs = new OrgDirectories(opts.directory, opts.otherDirectories);
  const lists = createUserLists();
  let requests = 0;
  let completed = 0;
  const pending: { at: number; fn: () => void }[] = [];

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    if (path.startsWith('/__sandbox/')) {
      if (path === '/__sandbox/api-keys' && req.method === 'POST') return registerKey(req, res);
      try {
        if (await handleFaultControl(faults, req, res, path)) return;
      } catch {
        return send(res, 400, { message: 'Bad Request: fault settings must be JSON' });
      }
      return send(res, 404, { message: 'Not Found' });
    }
    if (path !== '/api' && !path.startsWith('/api/')) return send(res, 404, { message: 'Not Found' });
    requests += 1;
    try {
      if (await faults.apply(res, (status) => ({ message: STATUS_CODES[status] ?? 'Error' }))) return;
      const caller = authenticate(req, path, opts.apiKeys, orgs);
      const method = req.method ?? 'GET';
      const r = { ...caller, req, res, url, path, method, lists, orgs };
      if (!(await routeV1(r)) && !routeV2(r)) throw notFound(`no route for ${method} ${path}`);
    } catch (err) {
      if (err instanceof HttpError) send(res, err.status, err.body);
      else answerCrash(res, err);
    } finally {
      completed += 1;
      for (let i = 0; i < pending.length; ) {
        if (pending[i]!.at <= completed) pending.splice(i, 1)[0]!.fn();
        else i++;
      }
    }
  }

  /**
   * The console model's Generate New API Key: the new key works at once and the one generated
   * before it stops working, as JumpCloud's does. The seeded keys stand for other admins' keys.
   */
  const generated: ApiKey[] = [];
  async function registerKey(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let key: unknown;
    try {
      key = (JSON.parse(await readBody(req)) as { key?: unknown }).key;
    } catch {
      key = undefined;
    }
    if (typeof key !== 'string' || !/^jca_[A-Za-z0-9]{36}$/.test(key)) return send(res, 400, { message: 'Bad Request: {"key": "jca_…"} expected' });
    for (const old of generated.splice(0)) opts.apiKeys.splice(opts.apiKeys.indexOf(old), 1);
    const fresh = { key };
    generated.push(fresh);
    opts.apiKeys.push(fresh);
    send(res, 201, { registered: true });
  }

  return {
    handle,
    get requests() {
      return requests;
    },
    faults,
    afterRequests(n: number, fn: () => void) {
      pending.push({ at: requests + n, fn });
    },
  };
}
