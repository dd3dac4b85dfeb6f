import { AppError } from '@/server/errors';
import { sendEmail } from '@/server/notifications';
import type { Locale } from '@/i18n/locales';
import { translate } from '@/i18n/translate';

/** The invitation email, in the inviter's language (the invitee's is not known yet). */
export async function sendInvitationEmail(input: { to: string; link: string; workspace: string; inviter: string; locale: Locale }): Promise<void> {
  const params = { workspace: input.workspace, inviter: input.inviter, link: input.link };
  try {
    await sendEmail({
      to: input.to,
      subject: translate(input.locale, 'members.inviteEmailSubject', params),
      text: translate(input.locale, 'members.inviteEmailBody', params),
    });
  } catch (error) {
    throw new AppError('unavailable', 'members.inviteEmailFailed', { cause: error });
  }
}
