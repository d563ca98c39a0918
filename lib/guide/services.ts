// The guide's line to the background, from the console tab: every request is one of the narrow
// content-script requests (lib/messages/protocol.ts), and the background checks where it came from.
import { send } from '../messages/client';
import type { GuideSession, Reply, RequestType } from '../messages/protocol';
import type { GuideServices, Known } from './types';

const error = (reply: Extract<Reply<RequestType>, { ok: false }>) => (reply.hint ? `${reply.error} ${reply.hint}` : reply.error);

export interface GuideLine extends GuideServices {
  known(): Promise<Known>;
  loadSession(): Promise<GuideSession | null>;
  saveSession(session: GuideSession): Promise<void>;
}

export const guideLine: GuideLine = {
  async saveApiKey(value) {
    const reply = await send({ type: 'guide.saveApiKey', value });
    return reply.ok ? { ok: true, ...(reply.data.awaiting ? { awaiting: true } : {}) } : { ok: false, error: error(reply) };
  },
  async fillValue(field, formBaseUrl) {
    const reply = await send({ type: 'guide.fillValue', field, ...(formBaseUrl !== undefined ? { formBaseUrl } : {}) });
    return reply.ok ? { ok: true, value: reply.data.value } : { ok: false, error: error(reply) };
  },
  async groupsToBind() {
    const reply = await send({ type: 'guide.groupsToBind' });
    return reply.ok ? { ok: true, ...reply.data } : { ok: false, error: error(reply) };
  },
  async apiKeyForZoho() {
    const reply = await send({ type: 'guide.apiKeyForZoho' });
    return reply.ok ? { ok: true, value: reply.data.value } : { ok: false, error: error(reply) };
  },
  async saveTarget(syncEndpoint, token) {
    const reply = await send({ type: 'guide.saveTarget', syncEndpoint, token });
    return reply.ok ? { ok: true } : { ok: false, error: error(reply) };
  },
  async known() {
    const reply = await send({ type: 'guide.known' });
    return reply.ok ? reply.data : {};
  },
  async loadSession() {
    const reply = await send({ type: 'guide.session.get' });
    return reply.ok ? reply.data.session : null;
  },
  async saveSession(session) {
    await send({ type: 'guide.session.set', session });
  },
};
