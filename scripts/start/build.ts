import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const sourceRoots = ['app', 'server', 'i18n', 'messages', 'public'];
const sourceFiles = ['package-lock.json', 'next.config.ts', 'postcss.config.mjs', 'tsconfig.json'];
const distDir = process.env.NEXT_DIST_DIR || '.next';
const stampFile = path.join(distDir, 'tramite-source-hash');
export const nextBin = path.resolve('node_modules', 'next', 'dist', 'bin', 'next');

/** Hash of everything the Next build reads, so a stale build is rebuilt and a current one reused. */
function sourceHash(): string {
  const hash = createHash('sha256');
  const visit = (entry: string) => {
    if (!existsSync(entry)) return;
    if (statSync(entry).isDirectory()) {
      for (const child of readdirSync(entry).sort()) visit(path.join(entry, child));
      return;
    }
    hash.update(entry).update(readFileSync(entry));
  };
  for (const root of [...sourceRoots, ...sourceFiles]) visit(root);
  return hash.digest('hex');
}

export function isBuildCurrent(): boolean {
  return existsSync(path.join(distDir, 'BUILD_ID')) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === sourceHash();
}

/** Runs `next build`, its output going to `logFile`; returns false when it fails. */
export function buildWeb(logFile: string, env: NodeJS.ProcessEnv): boolean {
  const hash = sourceHash();
  const result = spawnSync(process.execPath, [nextBin, 'build'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  writeFileSync(logFile, `${result.stdout ?? ''}${result.stderr ?? ''}`);
  if (result.status !== 0) return false;
  writeFileSync(stampFile, hash);
  return true;
}

