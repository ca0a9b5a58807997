import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// Every temporary project the tests make goes under one folder per run, removed at the end,
// so that a run leaves nothing behind in the system's temporary folder.
export default function setup(): () => void {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'claims-vitest-'));
  // Readable by other users: a hostile-input test runs the binary as an unprivileged user.
  chmodSync(dir, 0o755);
  process.env['TMPDIR'] = dir;
  // The cache's key and the caches of projects without node_modules go to the user's cache folder: one per run too.
  process.env['XDG_CACHE_HOME'] = path.join(dir, 'xdg-cache');
  return () => rmSync(dir, { recursive: true, force: true });
}
