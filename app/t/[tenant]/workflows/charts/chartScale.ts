/** The plot area of every chart, in SVG units (the SVG scales to its container's width). */
export const frame = { width: 640, height: 200, left: 64, right: 12, top: 12, bottom: 28 } as const;
export const plotWidth = frame.width - frame.left - frame.right;
export const plotHeight = frame.height - frame.top - frame.bottom;

/** A round number at or above `max` (1, 2, 2.5 or 5 × a power of ten), so gridlines fall on readable values. */
export function niceMax(max: number): number {
  if (!(max > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  const step = [1, 2, 2.5, 5, 10].find((candidate) => candidate * power >= max)!;
  return step * power;
}

/** The x of bucket `index` of `count`, spread across the plot (a single bucket sits in the middle). */
export function xOf(index: number, count: number): number {
  return frame.left + (count <= 1 ? plotWidth / 2 : (index * plotWidth) / (count - 1));
}

export function yOf(value: number, max: number): number {
  return frame.top + plotHeight - (value / max) * plotHeight;
}

/** Colours that stay apart for common colour blindness, each paired with its own dash pattern too. */
export const palette = [
  { color: '#2563eb', dash: undefined },
  { color: '#d97706', dash: '6 3' },
  { color: '#059669', dash: '2 3' },
  { color: '#db2777', dash: '8 3 2 3' },
  { color: '#7c3aed', dash: '4 4' },
] as const;
