import { getFormatter, getLocale, getTranslations } from 'next-intl/server';
import type { QueueMetrics } from '@/server/workflows';
import { durationText } from '@/app/_components/durationText';

type Props = { queues: QueueMetrics[]; label: (step: { workflow: string; step: string }) => string };

/** The queue in front of each step: this workspace's jobs waiting, retrying later and running, and how long started ones waited. */
export async function QueueTable({ queues, label }: Props) {
  const t = await getTranslations('workflows.queues');
  const format = await getFormatter();
  const locale = await getLocale();
  const seconds = (value: number | null) => (value === null ? '—' : durationText(value * 1000, locale));
  const th = 'px-3 py-2 font-semibold';
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{t('title')}</caption>
        <thead className="border-b border-slate-200 text-xs uppercase text-slate-500">
          <tr>
            <th scope="col" className={th}>{t('step')}</th>
            <th scope="col" className={`${th} text-right`}>{t('ready')}</th>
            <th scope="col" className={`${th} text-right`}>{t('deferred')}</th>
            <th scope="col" className={`${th} text-right`}>{t('active')}</th>
            <th scope="col" className={`${th} text-right`}>{t('oldest')}</th>
            <th scope="col" className={`${th} text-right`}>{t('waitP50')}</th>
            <th scope="col" className={`${th} text-right`}>{t('waitP95')}</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 tabular-nums">
          {queues.map((queue) => (
            <tr key={queue.queue}>
              <th scope="row" className="px-3 py-2 font-medium">
                {label(queue)}
                <span className="ml-2 font-mono text-xs font-normal text-slate-500">{queue.queue}</span>
              </th>
              <td className="px-3 py-2 text-right">{format.number(queue.ready)}</td>
              <td className="px-3 py-2 text-right">{format.number(queue.deferred)}</td>
              <td className="px-3 py-2 text-right">{format.number(queue.active)}</td>
              <td className="px-3 py-2 text-right">{seconds(queue.oldestReadySeconds)}</td>
              <td className="px-3 py-2 text-right">{seconds(queue.waitP50Seconds)}</td>
              <td className="px-3 py-2 text-right">{seconds(queue.waitP95Seconds)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
