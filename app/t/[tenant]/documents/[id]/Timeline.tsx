'use client';
import { useFormatter, useLocale, useTranslations } from 'next-intl';
import { durationText } from '@/app/_components/durationText';
import { useReasonText } from '@/app/_components/useReasonText';

type Entry = { position: number; type: string; data: unknown; recordedAt: Date };
type StepData = { step?: string; attempt?: number; durationMs?: number; error?: string; willRetry?: boolean; thresholdSeconds?: number; reason?: string };

/** The document's log as a timeline: every step's start, end or failure, with attempts and durations. */
export function Timeline({ entries }: { entries: Entry[] }) {
  const t = useTranslations('documents');
  const format = useFormatter();
  const locale = useLocale();
  const reason = useReasonText();
  const line = (entry: Entry) => {
    const data = entry.data as StepData;
    const step = data.step ? t(`steps.${data.step as 'store'}`) : '';
    switch (entry.type) {
      case 'WorkflowStepStarted':
        return t('timeline.stepStarted', { step, attempt: data.attempt ?? 1 });
      case 'WorkflowStepCompleted':
        return t('timeline.stepCompleted', { step, duration: durationText(data.durationMs ?? 0, locale) });
      case 'WorkflowStepFailed':
        return t(data.willRetry ? 'timeline.stepFailedRetrying' : 'timeline.stepFailed', { step, attempt: data.attempt ?? 1, error: reason(data.error) });
      case 'WorkflowStepSkipped': {
        const reason = `timeline.skipReasons.${data.reason}` as never;
        return t('timeline.stepSkipped', { step, reason: t.has(reason) ? t(reason) : (data.reason ?? '') });
      }
      case 'WorkflowSlowDetected':
        return t('timeline.stepSlow', { step, seconds: data.thresholdSeconds ?? 0 });
      default:
        return t.has(`timeline.events.${entry.type}` as never) ? t(`timeline.events.${entry.type}` as never) : entry.type;
    }
  };
  return (
    <section aria-labelledby="timeline-title">
      <h2 id="timeline-title" className="mb-3 text-lg font-semibold">
        {t('timeline.title')}
      </h2>
      <ol className="relative ml-2 border-l border-slate-200">
        {entries.map((entry) => (
          <li key={entry.position} className="mb-3 ml-4">
            <span
              aria-hidden
              className={`absolute -left-1.5 mt-1.5 size-3 rounded-full border-2 border-white ${entry.type.endsWith('Failed') ? 'bg-red-500' : entry.type.endsWith('Completed') || entry.type === 'DocumentReady' ? 'bg-emerald-500' : 'bg-slate-400'}`}
            />
            <p className="text-sm">{line(entry)}</p>
            <time dateTime={new Date(entry.recordedAt).toISOString()} className="text-xs text-slate-500">
              {format.dateTime(entry.recordedAt, { timeStyle: 'medium', dateStyle: 'short' })}
            </time>
          </li>
        ))}
      </ol>
    </section>
  );
}
