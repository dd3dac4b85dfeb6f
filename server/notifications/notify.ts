import { afterCommit, type Transaction } from '@/server/db';
import { AppError } from '@/server/errors';
import { isLocale, defaultLocale } from '@/i18n/locales';
import { liveEvents, publish, userChannel } from '@/server/realtime';
import { logger } from '@/server/observability';
import { membersAmong, tenantSlug } from '@/server/tenancy';
import type { NotificationDefinition } from './defineNotification';
import { isEmailConfigured, sendEmail } from './email';
import { renderNotification } from './renderNotification';
import { notifications } from './schema';

export type DeliveryChannel = 'database' | 'realtime' | 'email';
export type DeliveryFailure = { recipientId: string; channel: DeliveryChannel; reason: string };

export type NotifyInput<P extends Record<string, string | number>> = {
  tenantId: string;
  recipients: string[];
  notification: NotificationDefinition<P>;
  params: P;
  /**
   * Called, after the commit, with each delivery that failed (a recipient
   * who is not a member, the realtime server or SMTP refusing). The caller
   * records them (e.g. NotificationFailed in the subject's stream); a failure
   * never undoes the notification's other deliveries.
   */
  onFailed?: (failures: DeliveryFailure[]) => Promise<void>;
};

/**
 * Delivers a notification: a row per recipient in the caller's transaction
 * (so it exists exactly when the caller's work commits), then, once
 * committed, a realtime message on each recipient's own channel and an email
 * when SMTP is configured. Only members of the workspace receive it.
 */
export async function notify<P extends Record<string, string | number>>(tx: Transaction, input: NotifyInput<P>): Promise<{ notificationIds: string[] }> {
  const parsed = input.notification.params.safeParse(input.params);
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path.join('.') ?? '';
    throw new AppError('invalid', 'errors.notificationParams', { params: { type: input.notification.type, field }, field });
  }
  const params = parsed.data;
  const members = await membersAmong(tx, input.tenantId, input.recipients);
  const failures: DeliveryFailure[] = input.recipients
    .filter((id) => !members.some((member) => member.id === id))
    .map((recipientId) => ({ recipientId, channel: 'database', reason: 'not a member of the workspace' }));
  const rows = members.length
    ? await tx
        .insert(notifications)
        .values(members.map((member) => ({ tenantId: input.tenantId, recipientId: member.id, type: input.notification.type, params })))
        .returning({ id: notifications.id, recipientId: notifications.recipientId })
    : [];
  const slug = isEmailConfigured() ? await tenantSlug(tx, input.tenantId) : '';
  afterCommit(async () => {
    failures.push(...(await deliverLive(rows)), ...(await deliverEmail(members, input, params, slug)));
    if (failures.length === 0) return;
    logger.warn({ type: input.notification.type, tenantId: input.tenantId, failures }, 'notification deliveries failed');
    await input.onFailed?.(failures);
  });
  return { notificationIds: rows.map((row) => row.id) };
}

type Member = Awaited<ReturnType<typeof membersAmong>>[number];

async function deliverLive(rows: { id: string; recipientId: string }[]): Promise<DeliveryFailure[]> {
  const messages = rows.map((row) => ({ channel: userChannel(row.recipientId), event: liveEvents.notificationCreated, data: { id: row.id } }));
  try {
    await publish(messages);
    return [];
  } catch (error) {
    return rows.map((row) => ({ recipientId: row.recipientId, channel: 'realtime', reason: reasonOf(error) }));
  }
}

async function deliverEmail<P extends Record<string, string | number>>(members: Member[], input: NotifyInput<P>, params: P, slug: string): Promise<DeliveryFailure[]> {
  if (!isEmailConfigured()) return [];
  const site = process.env.NEXTAUTH_URL ?? `http://localhost:${process.env.PORT ?? 3000}`;
  const link = new URL(`/t/${slug}${input.notification.link(params)}`, site).toString();
  const outcomes = await Promise.all(
    members.map(async (member): Promise<DeliveryFailure | null> => {
      const locale = member.locale && isLocale(member.locale) ? member.locale : defaultLocale;
      const { title, body } = renderNotification(input.notification, params, locale);
      try {
        await sendEmail({ to: member.email, subject: title, text: `${body}\n\n${link}` });
        return null;
      } catch (error) {
        return { recipientId: member.id, channel: 'email', reason: reasonOf(error) };
      }
    }),
  );
  return outcomes.filter((outcome): outcome is DeliveryFailure => outcome !== null);
}

/**
 * Why a delivery failed, as the subject's timeline shows it. The pusher SDK's
 * RequestError says only "Request failed with an error" and keeps the cause
 * (refused, timed out) apart; its message and URL carry the request's
 * signature, so only the cause's code is added.
 */
function reasonOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error).slice(0, 500);
  const cause = (error as { error?: { code?: string; name?: string } }).error;
  const why = cause?.code ?? cause?.name;
  return (why ? `${error.message}: ${why}` : error.message).slice(0, 500);
}
