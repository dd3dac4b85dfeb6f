import { frame, plotHeight, xOf, yOf } from './chartScale';

export type ChartSeries = { label: string; color: string; dash?: string; values: (number | null)[] };

type Props = {
  /** Unique on the page: names the title and description the SVG is labelled by. */
  id: string;
  title: string;
  description: string;
  /** Bucket labels, oldest first, aligned with every series' values. */
  times: string[];
  series: ChartSeries[];
  max: number;
  format: (value: number) => string;
  labels: { showTable: string; time: string };
  /** Where bucket `index` sits on the x axis (bars are centred in their slots; points spread edge to edge). */
  timeX?: (index: number, count: number) => number;
  /** The marks: lines, bars. */
  children: React.ReactNode;
};

/**
 * What every chart shares: a titled figure whose SVG is one image with a
 * title and description for screen readers, gridlines with values, time
 * labels, a legend, and the same data as a table for anyone who prefers it.
 */
export function ChartFigure({ id, title, description, times, series, max, format, labels, timeX = xOf, children }: Props) {
  const gridlines = [0, max / 2, max];
  const timeTicks = [...new Set([0, Math.floor((times.length - 1) / 2), times.length - 1])].filter((index) => index >= 0);
  return (
    <figure className="flex flex-col gap-2">
      <figcaption id={`${id}-title`} className="text-sm font-semibold">
        {title}
      </figcaption>
      <svg viewBox={`0 0 ${frame.width} ${frame.height}`} role="img" aria-labelledby={`${id}-title ${id}-desc`} className="h-auto w-full">
        <desc id={`${id}-desc`}>{description}</desc>
        {gridlines.map((value) => (
          <g key={value}>
            <line x1={frame.left} x2={frame.width - frame.right} y1={yOf(value, max)} y2={yOf(value, max)} stroke="#e2e8f0" />
            <text x={frame.left - 6} y={yOf(value, max) + 4} textAnchor="end" fontSize="11" fill="#64748b">
              {format(value)}
            </text>
          </g>
        ))}
        {timeTicks.map((index) => (
          <text
            key={index}
            x={timeX(index, times.length)}
            y={frame.top + plotHeight + 18}
            textAnchor={index === 0 ? 'start' : index === times.length - 1 ? 'end' : 'middle'}
            fontSize="11"
            fill="#64748b"
          >
            {times[index]}
          </text>
        ))}
        {children}
      </svg>
      <ul aria-hidden className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-700">
        {series.map((line) => (
          <li key={line.label} className="flex items-center gap-1.5">
            <svg width="22" height="8" aria-hidden>
              <line x1="1" x2="21" y1="4" y2="4" stroke={line.color} strokeWidth="3" strokeDasharray={line.dash} />
            </svg>
            {line.label}
          </li>
        ))}
      </ul>
      <details className="text-sm">
        <summary className="cursor-pointer text-brand-700 hover:underline">{labels.showTable}</summary>
        <div className="mt-2 max-h-72 overflow-auto">
          <table className="w-full text-left text-xs">
            <caption className="sr-only">{title}</caption>
            <thead className="text-slate-500">
              <tr>
                <th scope="col" className="py-1 pr-3 font-medium">{labels.time}</th>
                {series.map((line) => (
                  <th key={line.label} scope="col" className="py-1 pr-3 font-medium">{line.label}</th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 tabular-nums">
              {times.map((time, index) => (
                <tr key={time}>
                  <th scope="row" className="py-1 pr-3 font-normal">{time}</th>
                  {series.map((line) => (
                    <td key={line.label} className="py-1 pr-3">
                      {line.values[index] === null || line.values[index] === undefined ? '—' : format(line.values[index])}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
