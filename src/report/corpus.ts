// Types shared by the stages after loading: the merged corpus, a document text as a run found it, and what quote
// verification gives each quote. They live here, beside the report's types, so that no stage imports a later one.
import type { ClaimEntity, DocumentEntity, ReportQuote, SourceEntity } from './types.js';

/** The corpus after merging every file: one entry per id (the first wins when an id is duplicated). */
export interface Corpus {
  sources: Map<string, SourceEntity>;
  documents: Map<string, DocumentEntity>;
  claims: ClaimEntity[];
}

/**
 * A document's text as the run found it. The text itself is not kept: its quotes are checked when it is read, so
 * that a corpus of any size never holds more than one document's text and offset map at once.
 */
export interface DocText {
  path: string;
  sha256: string;
  /** The text again, read from disk (for `claims show`, or a second look at its quotes). Throws if it is gone. */
  read(): string;
  /**
   * Where the bytes were read from and what stat() said just before (`at`: the clock then), so that the cache can
   * record the hash without reading the file again (src/cache/stat-index.ts).
   */
  seen?: { real: string; dev: number; ino: number; size: number; mtimeMs: number; ctimeMs: number; at: number };
}

/** What verification found for one quote. */
export interface QuoteInfo {
  verification: ReportQuote['verification'];
  match?: ReportQuote['match'];
}
