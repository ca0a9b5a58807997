// What a check gives back: the report, and what its callers (show, add, quote, list, diff, the run cache) read besides.
import type { FileResult, Report } from './types.js';
import type { Corpus, DocText } from './corpus.js';

/** A stage's name and what it did, as it ends. */
export type Trace = (stage: string, detail: string) => void;

export interface CheckResult {
  report: Report;
  corpus: Corpus;
  texts: Map<string, DocText>;
  files: FileResult[];
  /** Paths named on the command line that do not exist. */
  missing: string[];
  /** Paths, folders and globs that matched no YAML file, as sentences (a usage error). */
  unmatched: string[];
  /** Named files outside the ledger, checked alone. */
  alone: string[];
}
