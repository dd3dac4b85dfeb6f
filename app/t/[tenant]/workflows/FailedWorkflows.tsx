'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useReasonText } from '@/app/_components/useReasonText';
import { useRelativeTime } from '@/app/_components/useRelativeTime';
import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';
import { useTRPC } from '@/app/_components/trpc';
import { shownError } from '@/app/_components/trpcError';
import { stepName } from './stepName';

type Report = { resumed: number; refused: { name: string; message: string }[] };

/**
 * The workflows that stopped at a step, with Resume per row and for the
 * selected ones at once. A bulk resume answers per document; the report
 * names those that could not be resumed and why.
 */
export function FailedWorkflows({ tenant }: { tenant: string }) {
  const t = useTranslations('workflows.failed');
  const tDocuments = useTranslations('documents');
  const reason = useReasonText();
  const relativeTime = useRelativeTime(30_000);
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const query = useQuery(trpc.workflows.failed.queryOptions(undefined, { refetchInterval: 10_000 }));
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [report, setReport] = useState<Report | null>(null);
  const rows = query.data ?? [];
  const names = new Map(rows.map((row) => [row.id, row.fileName]));
  const resume = useMutation(
    trpc.workflows.resumeMany.mutationOptions({
      onSuccess: (outcomes, { ids }) => {
        const refused = outcomes.flatMap((outcome, index) => (outcome.resumed ? [] : [{ name: names.get(ids[index]!) ?? ids[index]!, message: outcome.message }]));
        setReport({ resumed: outcomes.filter((outcome) => outcome.resumed).length, refused });
        setSelected(new Set());
        void queryClient.invalidateQueries({ queryKey: trpc.workflows.pathKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.documents.pathKey() });
      },
    }),
  );
  const allBox = useRef<HTMLInputElement>(null);
  const chosen = rows.filter((row) => selected.has(row.id)).map((row) => row.id);
  useEffect(() => {
    if (allBox.current) allBox.current.indeterminate = chosen.length > 0 && chosen.length < rows.length;
  }, [chosen.length, rows.length]);
  const toggle = (id: string) => setSelected((current) => new Set(current.has(id) ? [...current].filter((other) => other !== id) : [...current, id]));

  if (query.isPending) return <p className="text-sm text-slate-500">{tDocuments('loading')}</p>;
  if (query.isError) return <p role="alert" className="text-sm text-red-700">{t('loadFailed')}</p>;
  const button = 'rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-50 disabled:opacity-60';
  return (
    <div className="flex flex-col gap-3">
      <div role="status" className="text-sm">
        {report && (
          <>
            <p className="font-medium text-emerald-800">{t('resumedCount', { count: report.resumed })}</p>
            {report.refused.length > 0 && (
              <ul className="mt-1 list-disc pl-5 text-red-800">
                {report.refused.map((refusal, index) => (
                  <li key={index}>{t('refused', { name: refusal.name, reason: refusal.message })}</li>
                ))}
              </ul>
            )}
          </>
        )}
        {resume.error && <p className="text-red-700">{shownError(resume.error, tDocuments('actionFailed')).message}</p>}
      </div>
      {rows.length === 0 ? (
        <p className="py-4 text-center text-sm text-slate-500">{t('empty')}</p>
      ) : (
        <>
          <div>
            <button type="button" className={button} disabled={chosen.length === 0 || resume.isPending} onClick={() => resume.mutate({ ids: chosen })}>
              {t('resumeSelected', { count: chosen.length })}
            </button>
          </div>
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">{t('title')}</caption>
              <thead className="border-b border-slate-200 text-xs uppercase text-slate-500">
                <tr>
                  <th scope="col" className="w-8 px-3 py-2">
                    <input
                      ref={allBox}
                      type="checkbox"
                      aria-label={t('selectAll')}
                      checked={rows.length > 0 && chosen.length === rows.length}
                      onChange={(event) => setSelected(new Set(event.target.checked ? rows.map((row) => row.id) : []))}
                    />
                  </th>
                  <th scope="col" className="px-3 py-2 font-semibold">{t('document')}</th>
                  <th scope="col" className="px-3 py-2 font-semibold">{t('step')}</th>
                  <th scope="col" className="px-3 py-2 font-semibold">{t('reason')}</th>
                  <th scope="col" className="px-3 py-2 font-semibold">{t('when')}</th>
                  <th scope="col" className="px-3 py-2"><span className="sr-only">{t('actions')}</span></th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {rows.map((document) => (
                  <tr key={document.id}>
                    <td className="px-3 py-2">
                      <input type="checkbox" aria-label={t('select', { name: document.fileName })} checked={selected.has(document.id)} onChange={() => toggle(document.id)} />
                    </td>
                    <td className="max-w-xs truncate px-3 py-2">
                      <Link href={`/t/${tenant}/documents/${document.id}`} className="font-medium text-brand-700 hover:underline">
                        {document.fileName}
                      </Link>
                    </td>
                    <td className="px-3 py-2">{stepName(tDocuments, document.currentStep)}</td>
                    <td className="max-w-xs px-3 py-2 text-slate-700">{reason(document.failureReason)}</td>
                    <td className="whitespace-nowrap px-3 py-2 text-slate-600">
                      <time dateTime={new Date(document.updatedAt).toISOString()}>{relativeTime(document.updatedAt)}</time>
                    </td>
                    <td className="px-3 py-2 text-right">
                      <button
                        type="button"
                        className={button}
                        disabled={resume.isPending}
                        aria-label={tDocuments('resumeNamed', { name: document.fileName })}
                        onClick={() => resume.mutate({ ids: [document.id] })}
                      >
                        {tDocuments('resume')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}
