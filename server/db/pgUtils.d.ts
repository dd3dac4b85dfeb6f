/** node-postgres's own value conversion for bind parameters (dates, buffers, arrays, JSON), which it ships without types. */
declare module 'pg/lib/utils.js' {
  export function prepareValue(value: unknown): unknown;
}
