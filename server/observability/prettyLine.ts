/**
 * Development's readable form of a pino JSON line: time, level, message, then
 * the context as key=value, and an error's stack on lines of its own. A few
 * lines of our own rather than pino-pretty, which runs as a worker-thread
 * transport that Next's server bundles do not load reliably.
 */
const levelNames: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO ', 40: 'WARN ', 50: 'ERROR', 60: 'FATAL' };
const colours: Record<number, string> = { 10: '90', 20: '90', 30: '32', 40: '33', 50: '31', 60: '35' };
const hidden = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'err', 'service']);

export function prettyLine(json: string, colour = false): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json);
  } catch {
    return json.endsWith('\n') ? json : `${json}\n`;
  }
  const level = Number(entry.level);
  const name = levelNames[level] ?? String(entry.level);
  const time = typeof entry.time === 'string' ? entry.time.slice(11, 23) : new Date(Number(entry.time)).toISOString().slice(11, 23);
  const fields = Object.entries(entry)
    .filter(([key]) => !hidden.has(key))
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  const head = `${time} ${colour ? `\x1b[${colours[level] ?? '0'}m${name}\x1b[0m` : name} ${entry.msg ?? ''}`;
  const err = entry.err as { stack?: string; message?: string } | undefined;
  const stack = err ? `\n    ${(err.stack ?? err.message ?? '').split('\n').join('\n    ')}` : '';
  return `${[head, ...fields].join(' ')}${stack}\n`;
}
