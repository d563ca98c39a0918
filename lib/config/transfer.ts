// Export and import of the whole configuration as a JSON file. Secrets stay out unless the admin
// asks for them; an imported file passes the same schema and migrations as a stored config.
import { z } from 'zod';
import { ConfigError, describeIssues, issuesOf, parseConfig } from './parse';
import { secretsSchema, type Config, type Secrets } from './schema';

export const EXPORT_FORMAT = 'jumpcloud-zoho-assistant/config';

export interface ExportedSettings {
  config: Config;
  secrets?: Secrets;
}

export function exportSettings(config: Config, secrets?: Secrets, now: Date = new Date()): string {
  const file: Record<string, unknown> = { format: EXPORT_FORMAT, exportedAt: now.toISOString(), config };
  if (secrets && Object.values(secrets).some(Boolean)) file.secrets = secrets;
  return JSON.stringify(file, null, 2) + '\n';
}

const fileSchema = z.object({
  format: z.literal(EXPORT_FORMAT, { error: `not a settings file of this assistant (format "${EXPORT_FORMAT}")` }),
  config: z.custom<unknown>((v) => v !== undefined, { error: 'missing: the file holds no configuration' }),
  secrets: z.unknown().optional(),
});

/** Parses an exported file; the error names the bad field, with its path inside the file. */
export function importSettings(text: string): ExportedSettings {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`The file is not JSON (${(e as Error).message}); choose a file exported by the assistant`);
  }
  const file = fileSchema.safeParse(json);
  if (!file.success) throw new ConfigError(describeIssues('The file', issuesOf(file.error)), issuesOf(file.error));

  let config: Config;
  try {
    config = parseConfig(file.data.config, 'The file');
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    const issues = e.issues.map((i) => ({ ...i, path: `config.${i.path}` }));
    throw new ConfigError(issues.length ? describeIssues('The file', issues) : e.message, issues);
  }
  if (file.data.secrets === undefined) return { config };
  const secrets = secretsSchema.safeParse(file.data.secrets);
  if (!secrets.success) {
    // The value itself is never echoed back: only which secret is malformed.
    const issues = issuesOf(secrets.error).map((i) => ({ ...i, path: `secrets.${i.path}` }));
    throw new ConfigError(describeIssues('The file', issues), issues);
  }
  return { config, secrets: secrets.data };
}
