import { ChartFigure, type ChartSeries } from './ChartFigure';
import { niceMax, xOf, yOf } from './chartScale';

type Props = Omit<React.ComponentProps<typeof ChartFigure>, 'max' | 'children' | 'timeX'>;

/** One line per series over the buckets; a bucket without a value breaks the line rather than drawing it to zero. */
export function LineChart(props: Props) {
  const max = niceMax(Math.max(0, ...props.series.flatMap((line) => line.values.filter((value): value is number => value !== null))));
  return (
    <ChartFigure {...props} max={max}>
      {props.series.map((line) => (
        <g key={line.label}>
          <path d={pathOf(line, props.times.length, max)} fill="none" stroke={line.color} strokeWidth="2" strokeDasharray={line.dash} />
          {line.values.map((value, index) =>
            value === null ? null : <circle key={index} cx={xOf(index, props.times.length)} cy={yOf(value, max)} r="2.5" fill={line.color} />,
          )}
        </g>
      ))}
    </ChartFigure>
  );
}

function pathOf(line: ChartSeries, count: number, max: number): string {
  let drawing = false;
  return line.values
    .map((value, index) => {
      if (value === null) {
        drawing = false;
        return '';
      }
      const command = drawing ? 'L' : 'M';
      drawing = true;
      return `${command}${xOf(index, count).toFixed(1)},${yOf(value, max).toFixed(1)}`;
    })
    .join(' ')
    .trim();
}
