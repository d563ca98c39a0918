// Putting the handler on a loopback port, and serving a request so that a fault in the fake still answers (500) instead of leaving the client hanging.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Faults } from '../../faults.js';
import { listenOnLoopback } from '../../loopback.js';
import type { JumpCloudDirectory } from '../directory.js';
import { createJumpCloudHandler, type JumpCloudHandler, type JumpCloudHandlerOptions } from './handler.js';
import { answerCrash } from './responses.js';

export interface JumpCloudServer {
  /** http://127.0.0.1:PORT; the API base is url + '/api'. */
  url: string;
  close(): Promise<void>;
  handler: JumpCloudHandler;
  directory: JumpCloudDirectory;
  faults: Faults;
}

export async function startJumpCloudServer(opts: JumpCloudHandlerOptions & { port?: number }): Promise<JumpCloudServer> {
  const handler = createJumpCloudHandler(opts);
  const loopback = await listenOnLoopback((req, res) => serveSafely(handler, req, res), opts.port);
  return { url: loopback.origin, close: loopback.close, handler, directory: opts.directory, faults: handler.faults };
}

/** Serves one request; a fault in the fake itself answers 500 rather than leaving the client hanging. */
export function serveSafely(handler: JumpCloudHandler, req: IncomingMessage, res: ServerResponse): void {
  handler.handle(req, res).catch((err: unknown) => answerCrash(res, err));
}
