/**
 * How much of an upload has been sent, as a whole percentage from 0 to 100.
 * The request body is multipart, so its length (the event's `total`) is more
 * than the file's size: dividing by the file size overshot 100%. The file
 * size stands in only when the browser cannot tell the body's length. Rounded
 * down, so 100 means every byte has gone.
 */
export function uploadPercent(progress: Pick<ProgressEvent, 'loaded' | 'total' | 'lengthComputable'>, fileSize: number): number {
  const total = progress.lengthComputable && progress.total > 0 ? progress.total : fileSize;
  if (total <= 0) return 0;
  return Math.min(100, Math.max(0, Math.floor((progress.loaded / total) * 100)));
}
