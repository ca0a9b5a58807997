// The configuration as the pipeline reads it: its shape and the default limits. The loader (config.ts) fills it
// from claims.config.yaml; every stage may read it.
import type { Loc } from '../report/types.js';
import type { PublishSection } from './publish.js';

/** How much of one file is read and reported. */
export interface FileLimits {
  maxFileBytes: number;
  maxFindingsPerFile: number;
}

export const DEFAULT_LIMITS: FileLimits = { maxFileBytes: 5 * 1024 * 1024, maxFindingsPerFile: 50 };

export interface Config {
  /** The project folder: where the configuration file is, or the working folder when there is none. */
  root: string;
  /** Absolute path of the configuration file, when one was found. */
  file?: string;
  corpus: string[];
  threshold: number;
  parties?: string[];
  /** documents.exclude: .gitignore patterns of files never read as document texts. */
  exclude?: string[];
  /** ignore: .gitignore patterns of YAML files that folder walks and globs leave out of a check. */
  ignore?: string[];
  /** Parties written as objects with `aligned_with`, with where each aligned party is named (for findings). */
  alignment?: PartyAlignment[];
  /** Count quotes of URL-only documents (corroboration.count_unverified; default false). */
  countUnverified?: boolean;
  /** Aligned parties are one voice (corroboration.fold_aligned; default true). */
  foldAligned?: boolean;
  limits: FileLimits;
  /** publish: who publishes the fact checks (read by the claimreview export only), as written. */
  publish?: PublishSection;
}

export interface PartyAlignment {
  id: string;
  name?: string;
  alignedWith: string[];
  /** Position of each aligned_with entry in the configuration file, and that file relative to the project folder. */
  locs: Loc[];
  file: string;
}
