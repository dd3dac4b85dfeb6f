import { getFormatter, getLocale, getTranslations } from 'next-intl/server';
import { notFound } from 'next/navigation';
import { Panel } from '@/app/_components/Panel';
import { can } from '@/server/tenancy';
// The document workflow is declared when its module loads: the metrics list its steps and queues.
import '@/server/documents';
import { declaredWorkflows, metricsWindowSchema, workflowMetrics } from '@/server/workflows';
import { currentWorkspace } from '../currentWorkspace';
import { durationText } from '@/app/_components/durationText';
import { FailedWorkflows } from './FailedWorkflows';
import { MetricsCharts } from './MetricsCharts';
import { QueueTable } from './QueueTable';
import { RunningWorkflows } from './RunningWorkflows';
import { StepTable } from './StepTable';
import { stepName } from './stepName';
import { WindowPicker } from './WindowPicker';

export async function generateMetadata() {
  return { title: (await getTranslations('workflows'))('title') };
}

type Props = { params: Promise<{ tenant: string }>; searchParams: Promise<{ window?: string | string[] }> };

/** How the workspace's workflows are doing (owners and admins): step metrics and charts, queues, running and failed workflows. */
export default async function WorkflowsPage({ params, searchParams }: Props) {
  const { workspace } = await currentWorkspace((await params).tenant);
  // The same 404 as for a page that does not exist: the role cannot use it.
  if (!can(workspace.role, 'metrics.view')) notFound();
  const asked = (await searchParams).window;
  const window = metricsWindowSchema.catch('24h').parse(Array.isArray(asked) ? asked[0] : (asked ?? '24h'));
  const metrics = await workflowMetrics({ tenantId: workspace.id }, window);
  const t = await getTranslations('workflows');
  const tDocuments = await getTranslations('documents');
  const locale = await getLocale();
  const format = await getFormatter();
  // With one workflow declared its name goes without saying; with more, each step says whose it is.
  const several = declaredWorkflows().length > 1;
  const label = ({ workflow, step }: { workflow: string; step: string }) => (several ? `${workflow} · ` : '') + stepName(tDocuments, step);
  const { bottleneck } = metrics;

  return (
    <section aria-labelledby="workflows-title" className="flex flex-col gap-6">
      <header className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 id="workflows-title" className="text-2xl font-semibold">
            {t('title')}
          </h1>
          <p className="mt-1 max-w-3xl text-sm leading-6 text-slate-600">{t('intro', { workspace: workspace.name })}</p>
        </div>
        <WindowPicker slug={workspace.slug} current={window} />
      </header>
      <p className={`rounded-lg px-4 py-3 text-sm ${bottleneck ? 'bg-amber-50 text-amber-950 ring-1 ring-amber-200' : 'bg-slate-50 text-slate-600'}`}>
        {bottleneck
          ? t('bottleneck', { step: label(bottleneck), median: durationText(bottleneck.p50Ms!, locale), p95: durationText(bottleneck.p95Ms!, locale) })
          : t('noBottleneck')}
      </p>
      <Panel id="steps" title={t('steps.title')} description={t('steps.description', { attempts: format.number(metrics.steps.reduce((sum, step) => sum + step.attempts, 0)) })}>
        <StepTable steps={metrics.steps} bottleneck={bottleneck} label={label} />
      </Panel>
      <Panel id="charts" title={t('charts.title')}>
        <MetricsCharts series={metrics.series} label={label} />
      </Panel>
      <Panel id="queues" title={t('queues.title')} description={t('queues.description')}>
        <QueueTable queues={metrics.queues} label={label} />
      </Panel>
      <Panel id="running" title={t('running.title')}>
        <RunningWorkflows tenant={workspace.slug} />
      </Panel>
      <Panel id="failed" title={t('failed.title')} description={t('failed.description')}>
        <FailedWorkflows tenant={workspace.slug} />
      </Panel>
    </section>
  );
}
