// Relay chains (`relays:` on sources) resolved once for the whole corpus: each source is visited a bounded
// number of times, so a chain of 20,000 relays costs 20,000 steps, not 20,000² or more.
import type { SourceEntity } from '../report/types.js';

export interface RelayIndex {
  /** The original speaker behind each source: the end of its relay chain (itself when it relays no one). */
  root: Map<SourceEntity, SourceEntity>;
  /** Relay circles of two or more sources, each in relay order. A source on a circle is its own root. */
  cycles: SourceEntity[][];
}

/** Follow every relay chain once, remembering where each ends; unknown targets and self-relays end a chain. */
export function relayIndex(sources: ReadonlyMap<string, SourceEntity>): RelayIndex {
  const root = new Map<SourceEntity, SourceEntity>();
  const cycles: SourceEntity[][] = [];
  const onPath = new Map<SourceEntity, number>();
  const path: SourceEntity[] = [];
  for (const start of sources.values()) {
    if (root.has(start)) continue;
    let cur = start;
    let end: SourceEntity;
    for (;;) {
      const known = root.get(cur);
      if (known) {
        end = known;
        break;
      }
      const at = onPath.get(cur);
      if (at !== undefined) {
        // Back on this walk's own path: the sources from `at` on form a circle; each is its own root.
        const cycle = path.slice(at);
        if (cycle.length > 1) cycles.push(cycle);
        for (const c of cycle) root.set(c, c);
        path.length = at;
        end = cur;
        break;
      }
      onPath.set(cur, path.length);
      path.push(cur);
      const next = cur.relays !== undefined ? sources.get(cur.relays) : undefined;
      if (next === undefined || next === cur) {
        end = cur;
        break;
      }
      cur = next;
    }
    for (const p of path) root.set(p, end);
    path.length = 0;
    onPath.clear();
  }
  return { root, cycles };
}

const memo = new WeakMap<ReadonlyMap<string, SourceEntity>, RelayIndex>();

/** The original speaker behind `s`, from an index built once per sources map (rebuilt if the map gained sources). */
export function speakerOf(sources: ReadonlyMap<string, SourceEntity>, s: SourceEntity): SourceEntity {
  let index = memo.get(sources);
  if (!index || !index.root.has(s)) {
    index = relayIndex(sources);
    memo.set(sources, index);
  }
  return index.root.get(s) ?? s;
}
