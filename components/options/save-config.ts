// Saving the config from any tab: checked here with the same schema the background uses (so a bad
// field is refused at once, with its reason), then sent with config.save, whose issues come back
// with the same paths.
import { configSchema, type Config } from '@/lib/config/schema';
import { send } from '@/lib/messages/client';
import { issuesOfZod, type Issue } from './issues';

/** tokenDropped: the Sync endpoint moved to another origin, and the SCIM token saved for the old one went with it. */
export type SaveOutcome = { ok: true; config: Config; tokenDropped: boolean } | { ok: false; error: string; hint?: string; issues: Issue[] };

export function checkConfig(candidate: unknown): SaveOutcome {
  const parsed = configSchema.safeParse(candidate);
  if (parsed.success) return { ok: true, config: parsed.data, tokenDropped: false };
  return { ok: false, error: 'Not saved: some settings need fixing.', issues: issuesOfZod(parsed.error) };
}

export async function saveConfig(candidate: unknown): Promise<SaveOutcome> {
  const checked = checkConfig(candidate);
  if (!checked.ok) return checked;
  const reply = await send({ type: 'config.save', config: checked.config });
  if (reply.ok) return { ...checked, tokenDropped: reply.data.tokenDropped };
  return { ok: false, error: reply.error, hint: reply.hint, issues: reply.issues ?? [] };
}
