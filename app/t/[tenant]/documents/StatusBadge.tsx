'use client';
import { useTranslations } from 'next-intl';
import type { DocumentStatus } from '@/server/documents/schema';

const tone: Record<DocumentStatus, string> = {
  uploading: 'bg-sky-50 text-sky-800 ring-sky-200',
  processing: 'bg-sky-50 text-sky-800 ring-sky-200',
  indexing: 'bg-sky-50 text-sky-800 ring-sky-200',
  ready: 'bg-emerald-50 text-emerald-800 ring-emerald-200',
  failed: 'bg-red-50 text-red-800 ring-red-200',
  cancelled: 'bg-slate-100 text-slate-700 ring-slate-200',
};

export const runningStatuses: readonly DocumentStatus[] = ['uploading', 'processing', 'indexing'];

export function StatusBadge({ status }: { status: DocumentStatus }) {
  const t = useTranslations('documents.status');
  return (
    <span className={`inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${tone[status]}`}>
      {runningStatuses.includes(status) && <span aria-hidden className="size-1.5 animate-pulse rounded-full bg-current" />}
      {t(status)}
    </span>
  );
}
