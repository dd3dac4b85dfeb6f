'use client';
import { useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';

/**
 * Copies `text` to the clipboard and says so in a polite live region. Where the
 * clipboard is unavailable (plain-HTTP origins), the text stays selectable beside it.
 */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const t = useTranslations('common');
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');

  useEffect(() => {
    if (state !== 'copied') return;
    const timer = setTimeout(() => setState('idle'), 3000);
    return () => clearTimeout(timer);
  }, [state]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
  }

  return (
    <span className="inline-flex items-center gap-2">
      <button
        type="button"
        onClick={copy}
        className="shrink-0 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium text-slate-700 shadow-sm hover:bg-slate-50"
      >
        {label}
      </button>
      <span role="status" className="text-sm text-slate-600">
        {state === 'copied' ? t('copied') : state === 'failed' ? t('copyFailed') : ''}
      </span>
    </span>
  );
}
