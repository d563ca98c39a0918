// How the fake JumpCloud answers: JSON with an exact length, and the error bodies JumpCloud was observed to send (../shared/reference/jumpcloud.md §1.6).
import type { ServerResponse } from 'node:http';

/** An error a route throws on purpose; the handler answers it with `status` and `body` as they are. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    super(String(body.message));
  }
}

export const badRequest = (message: string) => new HttpError(400, { message: `Bad Request: ${message}` });
export const notFound = (what: string) => new HttpError(404, { message: `Not Found: ${what}` });
export const UNAUTHORIZED = { error: 'Unauthorized', message: 'Unauthorized: api key user not found' };

export function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

/** A fault in the fake itself: logged, then a 500 if nothing was sent yet, else the connection is cut so the client sees it. */
export function answerCrash(res: ServerResponse, err: unknown): void {
  console.error('[jumpcloud sandbox]', err);
  if (!res.headersSent) send(res, 500, { message: 'Internal Server Error' });
  else res.destroy();
}
