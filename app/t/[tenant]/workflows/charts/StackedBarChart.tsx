import { ChartFigure } from './ChartFigure';
import { frame, niceMax, plotWidth, yOf } from './chartScale';

type Props = Omit<React.ComponentProps<typeof ChartFigure>, 'max' | 'children' | 'timeX'>;

/** One bar per bucket, its series stacked in order (the first at the bottom). */
export function StackedBarChart(props: Props) {
  const count = props.times.length;
  const totals = props.times.map((_, index) => props.series.reduce((sum, part) => sum + (part.values[index] ?? 0), 0));
  const max = niceMax(Math.max(0, ...totals));
  const slot = plotWidth / Math.max(count, 1);
  const barWidth = Math.max(slot * 0.7, 1);
  return (
    <ChartFigure {...props} max={max} timeX={(index) => frame.left + index * slot + slot / 2}>
      {props.times.map((time, index) => {
        let base = 0;
        const x = frame.left + index * slot + (slot - barWidth) / 2;
        return (
          <g key={time}>
            {props.series.map((part) => {
              const value = part.values[index] ?? 0;
              if (value === 0) return null;
              const top = yOf(base + value, max);
              const height = yOf(base, max) - top;
              base += value;
              return <rect key={part.label} x={x} y={top} width={barWidth} height={height} fill={part.color} />;
            })}
          </g>
        );
      })}
    </ChartFigure>
  );
}
