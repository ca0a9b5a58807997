// A ledger kept alive by a long-running command (`check --watch`): while a check runs inside its scope, analyse()
// updates that ledger instead of starting a fresh one. The pipeline in between (discovery, the per-file stage,
// formatting) runs exactly as for a plain check, so the report is the same.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Config } from '../config/config.js';
import { Ledger } from './ledger.js';
import { KeptFiles } from './kept-files.js';
import type { RecordedRead } from './ledger.js';

/** A ledger per part of a run (a check of named files can analyse the ledger and the files outside it apart). */
export class LedgerScope {
  private readonly ledgers: Ledger[] = [];
  private used = new Set<Ledger>();
  /** The per-file stage's results, reused for files read again with the same bytes. */
  readonly files = new KeptFiles();
  /** The last discovery of this scope, reused while what may have changed names only files it found, as they were. */
  readonly discovery: { last?: KeptDiscovery } = {};
  /**
   * What may have changed since the last check of this scope (absolute paths), as its caller knows it (the
   * watcher's events and poll); undefined when that is not known. Only a check that ended normally is built on.
   */
  changed: ReadonlySet<string> | undefined;
  /** The last check of this scope threw: the next one is told nothing of what changed. */
  private broken = true;

  /** The kept ledger for this configuration and part, made on first use. */
  ledgerFor(config: Config): Ledger {
    const free = this.ledgers.find((l) => !this.used.has(l) && l.serves(config));
    const ledger = free ?? new Ledger(config);
    if (free) free.use(config);
    else this.ledgers.push(ledger);
    this.used.add(ledger);
    return ledger;
  }

  /**
   * Run `fn` (one check) with this scope's ledgers; ledgers not used by it are dropped. `changed`: every path whose
   * content, listing or kind may differ from what the last check of this scope read (a hint: the ledger then takes
   * what no path in it names as it was); omitted when not known.
   */
  async run<T>(fn: () => Promise<T>, changed?: ReadonlySet<string>): Promise<T> {
    if (active.getStore()) throw new Error('ledger scopes do not nest');
    this.used = new Set();
    this.changed = this.broken ? undefined : changed;
    this.broken = true;
    try {
      const out = await active.run(this, fn);
      this.broken = false;
      return out;
    } finally {
      this.changed = undefined;
      for (let i = this.ledgers.length - 1; i >= 0; i--) if (!this.used.has(this.ledgers[i]!)) this.ledgers.splice(i, 1);
    }
  }

  /** How many claims the last check judged, over its ledgers. */
  lastJudged(): number {
    return [...this.used].reduce((sum, l) => sum + l.lastJudged, 0);
  }
}

/** A discovery kept for the next check of a scope, with the reads it made. */
export interface KeptDiscovery {
  /** Everything the discovery was given (src/check.ts discoverArgs), as JSON. */
  key: string;
  found: import('../load/discover.js').Discovery;
  reads: readonly RecordedRead[];
  /** The reads of each file found (absolute path). */
  files: ReadonlyMap<string, RecordedRead[]>;
}

/** The scope of the check running in this asynchronous context, if any. */
const active = new AsyncLocalStorage<LedgerScope>();

/** The ledger analyse() should update, inside a scope; undefined outside (a fresh ledger then). */
export function currentLedger(config: Config): Ledger | undefined {
  return active.getStore()?.ledgerFor(config);
}

/** What may have changed since the scope's last check (src/ledger/ledger.ts UpdateOptions.changed); undefined outside a scope or when unknown. */
export function changedHint(): ReadonlySet<string> | undefined {
  return active.getStore()?.changed;
}

/** The kept results of the per-file stage, inside a scope; undefined outside (every file checked as usual). */
export function keptFiles(): KeptFiles | undefined {
  return active.getStore()?.files;
}

/** Where the last discovery is kept, inside a scope; undefined outside (discovery walks as usual). */
export function keptDiscovery(): { last?: KeptDiscovery } | undefined {
  return active.getStore()?.discovery;
}
