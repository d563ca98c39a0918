// The one door into the configuration: stored records, imported files and page messages all pass
// here. Older versions are migrated first; the result is the current, validated Config.
import { z } from 'zod';
import { CONFIG_VERSION, configSchema, type Config } from './schema';
import { migrations } from './migrations';

export interface ConfigIssue {
  /** Dotted path of the bad field, e.g. "settings.schedule.time". */
  path: string;
  message: string;
}

export class ConfigError extends Error {
  constructor(
    message: string,
    readonly issues: ConfigIssue[] = [],
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

export function issuesOf(error: z.ZodError): ConfigIssue[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(top level)', message: i.message }));
}

/** "settings.schedule.time: a time is HH:MM, 24-hour; …" — names each bad field. */
export function describeIssues(what: string, issues: ConfigIssue[]): string {
  return `${what} is not valid: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`;
}

function versionOf(input: unknown): number | undefined {
  if (typeof input !== 'object' || input === null) return undefined;
  const v = (input as { version?: unknown }).version;
  return typeof v === 'number' && Number.isInteger(v) ? v : undefined;
}

export function parseConfig(input: unknown, what = 'The configuration'): Config {
  let version = versionOf(input);
  if (version === undefined) {
    throw new ConfigError(`${what} is not valid: version: missing; it is not a configuration of this assistant`, [
      { path: 'version', message: 'missing' },
    ]);
  }
  if (version > CONFIG_VERSION) {
    throw new ConfigError(
      `${what} is version ${version}, made by a newer version of the assistant; update the extension to read it`,
      [{ path: 'version', message: `newer than ${CONFIG_VERSION}` }],
    );
  }
  let value = input;
  try {
    while (version < CONFIG_VERSION) {
      const step = migrations[version];
      if (!step) throw new ConfigError(`${what} is version ${version}, which this assistant cannot read`);
      value = step(value);
      version += 1;
    }
  } catch (e) {
    if (e instanceof z.ZodError) throw new ConfigError(describeIssues(what, issuesOf(e)), issuesOf(e));
    throw e;
  }
  const result = configSchema.safeParse(value);
  if (!result.success) throw new ConfigError(describeIssues(what, issuesOf(result.error)), issuesOf(result.error));
  return result.data;
}
