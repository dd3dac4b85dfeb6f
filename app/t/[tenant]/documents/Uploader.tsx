'use client';
import { useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useId, useRef, useState } from 'react';
import { useTRPC } from '@/app/_components/trpc';
import { uploadPercent } from './uploadPercent';

type Upload = { key: string; name: string; percent: number; state: 'sending' | 'done' | 'failed'; error?: string; documentId?: string };

/** Sends one file to POST /api/uploads, reporting its progress in percent (fetch cannot report upload progress; XHR can). */
function send(file: File, tenant: string, onProgress: (percent: number) => void): Promise<{ ok: true; documentId?: string } | { ok: false; message: string }> {
  return new Promise((resolve) => {
    const request = new XMLHttpRequest();
    request.open('POST', '/api/uploads');
    request.setRequestHeader('x-tenant', tenant);
    request.upload.onprogress = (event) => onProgress(uploadPercent(event, file.size));
    request.onload = () => {
      if (request.status === 201) return resolve({ ok: true, documentId: documentIdIn(request.responseText) });
      let message = '';
      try {
        message = JSON.parse(request.responseText).error?.message ?? '';
      } catch {}
      resolve({ ok: false, message });
    };
    request.onerror = () => resolve({ ok: false, message: '' });
    const body = new FormData();
    body.append('file', file);
    request.send(body);
  });
}

/** The new document's id from a 201 answer ({documentId}); undefined if the body cannot be read, as the row then needs no link. */
function documentIdIn(body: string): string | undefined {
  try {
    const { documentId } = JSON.parse(body) as { documentId?: unknown };
    return typeof documentId === 'string' ? documentId : undefined;
  } catch {
    return undefined;
  }
}

/** Drag-and-drop or picker, several files at once, each with its own progress bar and outcome. */
export function Uploader({ tenant, maxBytes, accept }: { tenant: string; maxBytes: number; accept: string }) {
  const t = useTranslations('documents');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [dragging, setDragging] = useState(false);
  const maxMb = Math.round(maxBytes / (1024 * 1024));

  const patch = (key: string, change: Partial<Upload>) => setUploads((all) => all.map((u) => (u.key === key ? { ...u, ...change } : u)));

  function start(files: FileList | null) {
    for (const file of Array.from(files ?? [])) {
      const key = `${file.name}-${file.size}-${crypto.randomUUID()}`;
      // The server decides by content; refusing an oversize file here only saves sending it.
      if (file.size > maxBytes) {
        setUploads((all) => [...all, { key, name: file.name, percent: 0, state: 'failed', error: t('tooLargeHere', { mb: maxMb }) }]);
        continue;
      }
      setUploads((all) => [...all, { key, name: file.name, percent: 0, state: 'sending' }]);
      void send(file, tenant, (percent) => patch(key, { percent })).then((result) => {
        patch(key, result.ok ? { state: 'done', percent: 100, documentId: result.documentId } : { state: 'failed', error: result.message || t('uploadFailed') });
        if (result.ok) void queryClient.invalidateQueries({ queryKey: trpc.documents.list.pathKey() });
      });
    }
    if (input.current) input.current.value = '';
  }

  return (
    <div className="flex flex-col gap-3">
      <div
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(event) => {
          event.preventDefault();
          setDragging(false);
          start(event.dataTransfer.files);
        }}
        className={`rounded-xl border-2 border-dashed p-8 text-center transition ${dragging ? 'border-brand-600 bg-brand-50' : 'border-slate-300 bg-white'}`}
      >
        <p className="font-medium">{t('dropHere')}</p>
        <label htmlFor={inputId} className="mt-2 inline-block cursor-pointer rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
          {t('chooseFiles')}
        </label>
        <input id={inputId} ref={input} type="file" multiple accept={accept} className="sr-only" onChange={(event) => start(event.target.files)} />
        <p className="mt-2 text-xs text-slate-500">{t('allowedTypes', { mb: maxMb })}</p>
      </div>
      {uploads.length > 0 && (
        <ul aria-label={t('uploadsLabel')} className="flex flex-col gap-2">
          {uploads.map((upload) => (
            <UploadRow key={upload.key} upload={upload} tenant={tenant} />
          ))}
        </ul>
      )}
    </div>
  );
}

function UploadRow({ upload, tenant }: { upload: Upload; tenant: string }) {
  const t = useTranslations('documents');
  const { percent } = upload;
  return (
    <li className="rounded-md border border-slate-200 bg-white px-3 py-2 text-sm">
      <div className="flex justify-between gap-4">
        {upload.documentId ? (
          <Link href={`/t/${tenant}/documents/${upload.documentId}`} className="truncate font-medium text-brand-700 hover:underline">
            {upload.name}
          </Link>
        ) : (
          <span className="truncate font-medium">{upload.name}</span>
        )}
        <span className={upload.state === 'failed' ? 'text-red-700' : 'text-slate-600'}>
          {upload.state === 'sending' ? t('uploadingPercent', { percent }) : upload.state === 'done' ? t('uploaded') : t('uploadFailed')}
        </span>
      </div>
      <progress
        className="mt-1 h-1.5 w-full overflow-hidden rounded [&::-webkit-progress-bar]:bg-slate-100 [&::-webkit-progress-value]:bg-brand-600"
        max={100}
        value={upload.state === 'failed' ? 0 : percent}
        aria-label={t('progressOf', { name: upload.name })}
      />
      {upload.error && (
        <p role="alert" className="mt-1 text-red-700">
          {upload.error}
        </p>
      )}
    </li>
  );
}
