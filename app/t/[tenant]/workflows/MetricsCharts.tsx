import { getFormatter, getLocale, getTranslations } from 'next-intl/server';
import type { StepSeries } from '@/server/workflows';
import { palette } from './charts/chartScale';
import { LineChart } from './charts/LineChart';
import { StackedBarChart } from './charts/StackedBarChart';
import { durationText } from '@/app/_components/durationText';

type Props = { series: StepSeries; label: (step: { workflow: string; step: string }) => string };

/** The period over time: each step's p95 duration, and how many attempts completed or failed, bucket by bucket. */
export async function MetricsCharts({ series, label }: Props) {
  const t = await getTranslations('workflows.charts');
  const format = await getFormatter();
  const locale = await getLocale();
  const long = series.bucketSeconds >= 86_400 / 4;
  const times = series.buckets.map((start) =>
    format.dateTime(start, long ? { weekday: 'short', hour: '2-digit', minute: '2-digit' } : { hour: '2-digit', minute: '2-digit' }),
  );
  const bucket = t('bucket', { minutes: series.bucketSeconds / 60 });
  const labels = { showTable: t('showTable'), time: t('time') };
  const durations = series.steps.map((line, index) => ({
    label: label(line),
    ...palette[index % palette.length]!,
    values: line.points.map((point) => point.p95Ms),
  }));
  const sum = (pick: (point: StepSeries['steps'][number]['points'][number]) => number) =>
    series.buckets.map((_, index) => series.steps.reduce((total, line) => total + pick(line.points[index]!), 0));
  const outcomes = [
    { label: t('completed'), color: '#059669', values: sum((point) => point.completed) },
    { label: t('failed'), color: '#dc2626', values: sum((point) => point.failed) },
  ];
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <LineChart
        id="step-durations"
        title={t('durationTitle')}
        description={t('durationDescription', { bucket })}
        times={times}
        series={durations}
        format={(ms) => durationText(ms, locale)}
        labels={labels}
      />
      <StackedBarChart
        id="step-outcomes"
        title={t('outcomesTitle')}
        description={t('outcomesDescription', { bucket })}
        times={times}
        series={outcomes}
        format={(count) => format.number(count, { maximumFractionDigits: 1 })}
        labels={labels}
      />
    </div>
  );
}
