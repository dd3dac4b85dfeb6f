import { getFormatter, getLocale, getTranslations } from 'next-intl/server';
import type { StepMetrics } from '@/server/workflows';
import { durationText, percentText } from '@/app/_components/durationText';

type Props = { steps: StepMetrics[]; bottleneck: StepMetrics | null; label: (step: { workflow: string; step: string }) => string };

/** Per step: attempts, how they ended, retries, and the durations of those that completed; the bottleneck marked. */
export async function StepTable({ steps, bottleneck, label }: Props) {
  const t = await getTranslations('workflows.steps');
  const format = await getFormatter();
  const locale = await getLocale();
  const duration = (ms: number | null) => (ms === null ? '—' : durationText(ms, locale));
  const percent = (share: number | null) => (share === null ? '—' : percentText(share, locale));
  const th = 'px-3 py-2 font-semibold';
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{t('title')}</caption>
        <thead className="border-b border-slate-200 text-xs uppercase text-slate-500">
          <tr>
            <th scope="col" className={th}>{t('step')}</th>
            <th scope="col" className={`${th} text-right`}>{t('attempts')}</th>
            <th scope="col" className={`${th} text-right`}>{t('success')}</th>
            <th scope="col" className={`${th} text-right`}>{t('failure')}</th>
            <th scope="col" className={`${th} text-right`}>{t('retries')}</th>
            <th scope="col" className={`${th} text-right`}>{t('gaveUp')}</th>
            <th scope="col" className={`${th} text-right`}>p50</th>
            <th scope="col" className={`${th} text-right`}>p95</th>
            <th scope="col" className={`${th} text-right`}>p99</th>
          </tr>
        </thead>
        {/* No wrapping inside a cell: "60 ms" split over two lines, or a badge broken in two, is harder to read than a table that scrolls sideways. */}
        <tbody className="divide-y divide-slate-100 whitespace-nowrap tabular-nums">
          {steps.map((step) => {
            const slowest = bottleneck?.workflow === step.workflow && bottleneck.step === step.step;
            return (
              <tr key={`${step.workflow}.${step.step}`} className={slowest ? 'bg-amber-50' : undefined}>
                <th scope="row" className="px-3 py-2 font-medium">
                  {label(step)}
                  {slowest && <span className="ml-2 inline-block rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-900 ring-1 ring-amber-300">{t('bottleneckBadge')}</span>}
                </th>
                <td className="px-3 py-2 text-right">{format.number(step.attempts)}</td>
                <td className="px-3 py-2 text-right">{percent(step.successRate)}</td>
                <td className={`px-3 py-2 text-right ${step.failed > 0 ? 'text-red-700' : ''}`}>{percent(step.failureRate)}</td>
                <td className="px-3 py-2 text-right">{format.number(step.retries)}</td>
                <td className="px-3 py-2 text-right">{format.number(step.gaveUp)}</td>
                <td className="px-3 py-2 text-right">{duration(step.p50Ms)}</td>
                <td className="px-3 py-2 text-right">{duration(step.p95Ms)}</td>
                <td className="px-3 py-2 text-right">{duration(step.p99Ms)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
