/** A titled card; its heading names the section for assistive technology. */
export function Panel({ id, title, description, children, tone = 'plain' }: { id: string; title: string; description?: React.ReactNode; children: React.ReactNode; tone?: 'plain' | 'danger' }) {
  return (
    <section aria-labelledby={`${id}-title`} className={`min-w-0 rounded-xl border bg-white shadow-sm ${tone === 'danger' ? 'border-red-200' : 'border-slate-200'}`}>
      <header className="border-b border-slate-100 px-5 py-4">
        <h2 id={`${id}-title`} className={`text-base font-semibold ${tone === 'danger' ? 'text-red-800' : ''}`}>
          {title}
        </h2>
        {description && <p className="mt-1 text-sm text-slate-600">{description}</p>}
      </header>
      <div className="px-5 py-4">{children}</div>
    </section>
  );
}
