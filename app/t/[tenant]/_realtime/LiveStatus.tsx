'use client';
import { useTranslations } from 'next-intl';
import { useLiveState } from './RealtimeProvider';

/**
 * Says so, discreetly, when the page is not receiving live updates: while
 * the socket reconnects, or when it cannot connect or a channel was refused.
 * `data-state` tells tests when the page is listening.
 */
export function LiveStatus() {
  const t = useTranslations('live');
  const state = useLiveState();
  const text = state === 'reconnecting' ? t('reconnecting') : state === 'unavailable' ? t('unavailable') : null;
  return (
    <span role="status" data-testid="live-status" data-state={state} title={text ? t('fallback') : undefined} className="text-xs text-slate-500">
      {text && (
        <>
          <span aria-hidden className="mr-1 inline-block size-1.5 rounded-full bg-amber-500 align-middle" />
          {text}
        </>
      )}
    </span>
  );
}
