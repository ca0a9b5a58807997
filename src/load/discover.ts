import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { Finding } from '../report/types.js';
import { isInside, relPosix } from '../util/fs.js';

export interface FoundFile {
  abs: string;
  /** Project-relative POSIX path, as shown in reports. */
  file: string;
}

export interface Discovery {
  files: FoundFile[];
  findings: Finding[];
  /** Paths named on the command line that do not exist (a usage error). */
  missing: string[];
}

const YAML_EXT = /\.ya?ml$/i;
const SKIP_DIRS = new Set(['node_modules', '.git']);
const at1 = { line: 1, column: 1, endLine: 1, endColumn: 1 };

/**
 * Expand the paths to check into YAML files, in a stable order. Folders are walked recursively; symbolic
 * links are followed only when they resolve inside the project, and loops or dangling links are findings.
 */
export async function discover(root: string, cwd: string, paths: readonly string[], configFile?: string): Promise<Discovery> {
  const out: Discovery = { files: [], findings: [], missing: [] };
  const seenFiles = new Set<string>();
  const realRoot = await fsp.realpath(root).catch(() => root);

  const problem = (abs: string, ruleId: string, message: string) =>
    out.findings.push({ ruleId, severity: 'error', file: relPosix(root, abs), ...at1, message });

  const seenDirs = new Set<string>();
  const realConfig = configFile !== undefined ? await fsp.realpath(configFile).catch(() => path.resolve(configFile)) : undefined;

  const visit = async (abs: string, explicit: boolean, activeDirs: Set<string>): Promise<void> => {
    const name = path.basename(abs);
    // Hidden files and folders are never part of a corpus walk, whatever they are or point at.
    if (!explicit && name.startsWith('.')) return;
    const yamlName = YAML_EXT.test(name);
    let st;
    try {
      st = await fsp.lstat(abs);
    } catch (err) {
      if (explicit) out.missing.push(abs);
      else problem(abs, 'file/unreadable', `This path could not be read (${(err as NodeJS.ErrnoException).code ?? 'error'}).`);
      return;
    }
    let real = abs;
    if (st.isSymbolicLink()) {
      try {
        real = await fsp.realpath(abs);
        st = await fsp.stat(abs);
      } catch (err) {
        // A broken link that would not have been read anyway (not named .yaml) is not the corpus's business.
        if (!explicit && !yamlName) return;
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ELOOP') problem(abs, 'file/symlink-loop', 'This symbolic link points back at itself (a link loop), so it cannot be followed. Remove it or point it at a real file.');
        else problem(abs, 'file/dangling-symlink', 'This symbolic link points at a file that does not exist. Remove it or fix its target.');
        return;
      }
      if (!explicit && !st.isDirectory() && !yamlName) return;
      if (!isInside(realRoot, real)) {
        problem(abs, 'file/outside-project', 'This symbolic link points outside the project folder, so it was not read.');
        return;
      }
    }
    if (st.isDirectory()) {
      if (!explicit && SKIP_DIRS.has(name)) return;
      const realDir = await fsp.realpath(abs).catch(() => abs);
      // A link to a folder that contains the walk so far (itself, a parent, the project root) would walk forever.
      if ([...activeDirs].some((active) => isInside(realDir, active))) {
        problem(abs, 'file/symlink-loop', 'This folder link leads back into a folder that contains it (a link loop); it was not followed.');
        return;
      }
      // Several links to one folder: walk it once (its files would be skipped as already seen anyway).
      if (seenDirs.has(realDir)) return;
      seenDirs.add(realDir);
      let entries: string[];
      try {
        entries = (await fsp.readdir(abs)).sort();
      } catch (err) {
        problem(abs, 'file/unreadable', `This folder could not be read (${(err as NodeJS.ErrnoException).code ?? 'error'}).`);
        return;
      }
      const next = new Set(activeDirs).add(realDir);
      for (const e of entries) await visit(path.join(abs, e), false, next);
      return;
    }
    if (!explicit && !yamlName) return;
    if (!st.isFile()) {
      // A pipe, socket or device named .yaml: reading it could block forever or never end.
      problem(abs, 'file/unreadable', 'This is not a regular file (it is a pipe, socket or device), so it was not read. Remove it from the corpus folder.');
      return;
    }
    // The real path: through links to the file, or to any folder above it (the parent's real path is the last one walked).
    const parent = [...activeDirs].pop();
    const realFile = real !== abs ? real : parent !== undefined ? path.join(parent, name) : await fsp.realpath(abs).catch(() => abs);
    if (realFile === realConfig) return;
    if (seenFiles.has(realFile)) return;
    seenFiles.add(realFile);
    out.files.push({ abs, file: relPosix(root, abs) });
  };

  for (const p of paths) await visit(path.resolve(cwd, p), true, new Set());
  return out;
}
