import path from 'node:path';
import type { Config } from './settings.js';
import { ConfigError } from './find.js';
import { inert } from '../util/text.js';

// Kept apart from config.ts so that checking the publish settings loads neither the YAML parser nor the validators.

/** The `publish:` section as written: any part may be missing until an export needs it (requirePublish). */
export interface PublishSection {
  organization?: { name?: string; url?: string };
  baseUrl?: string;
  datePublished?: string;
  /** Where `publish:` is in the configuration file. */
  line: number;
  column: number;
}

/** What a ClaimReview export needs from `publish:`, complete. */
export interface PublishSettings {
  organization: { name: string; url: string };
  baseUrl: string;
  datePublished?: string;
}

const PUBLISH_EXAMPLE = 'publish:\n  organization: {name: Example Newsroom Fact Check, url: https://factcheck.example.org}\n  base_url: https://factcheck.example.org/claims/';

/**
 * The publish settings an export needs, or a configuration error located at `publish:` (at the top of the file when
 * there is no such section, or naming the file to create when there is none) that says what to add.
 */
export function requirePublish(config: Config, cwd: string): PublishSettings {
  const p = config.publish;
  const name = p?.organization?.name;
  const url = p?.organization?.url;
  const baseUrl = p?.baseUrl;
  if (name !== undefined && url !== undefined && baseUrl !== undefined) return { organization: { name, url }, baseUrl, ...(p?.datePublished !== undefined && { datePublished: p.datePublished }) };
  const missing = [...(name === undefined ? ['organization.name'] : []), ...(url === undefined ? ['organization.url'] : []), ...(baseUrl === undefined ? ['base_url'] : [])];
  const rel = config.file === undefined ? 'claims.config.yaml' : path.relative(cwd, config.file) || config.file;
  const where = config.file === undefined ? `${rel} (there is none: create it in ${inert(path.relative(cwd, config.root) || '.')})` : `${rel}:${p?.line ?? 1}:${p?.column ?? 1}`;
  const what = p ? `the publish section lacks ${missing.map((m) => `publish.${m}`).join(', ')}` : 'there is no publish section';
  throw new ConfigError(inert(`${where}: the claimreview export needs to know who publishes the fact checks, but ${what} (config/publish-missing). Add, for example:`) + `\n${PUBLISH_EXAMPLE}`);
}
