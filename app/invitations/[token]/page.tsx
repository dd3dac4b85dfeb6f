import { TRPCError } from '@trpc/server';
import { getTranslations } from 'next-intl/server';
import { headers } from 'next/headers';
import Link from 'next/link';
import { createCaller, createContext } from '@/server/api';
import { CardPage } from '@/app/_components/CardPage';
import { TrpcProvider } from '@/app/_components/trpc';
import { AcceptInvitation } from './AcceptInvitation';

export async function generateMetadata() {
  return { title: (await getTranslations('members'))('invitationTitle'), robots: { index: false } };
}

const primaryLink = 'block rounded-md bg-brand-600 px-4 py-2 text-center text-sm font-medium text-white shadow-sm hover:bg-brand-700';
const secondaryLink = 'block rounded-md border border-slate-300 bg-white px-4 py-2 text-center text-sm font-medium text-slate-700 hover:bg-slate-50';

/**
 * Outside the (auth) group on purpose: that layout sends signed-in people
 * away, and here they are the ones who can accept. The lookup goes through
 * tRPC so link guessing is rate-limited like the API.
 */
export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const t = await getTranslations();
  const context = await createContext({ headers: await headers() });
  const invitation = await createCaller(context)
    .invitations.describe({ token })
    .catch((error: unknown) => {
      if (error instanceof TRPCError && error.code === 'TOO_MANY_REQUESTS') return 'rate_limited' as const;
      // A malformed link fails input validation: for the visitor it is just not valid.
      if (error instanceof TRPCError && error.code === 'BAD_REQUEST') return null;
      throw error;
    });

  if (!invitation || invitation === 'rate_limited') {
    return (
      <CardPage>
        <div className="flex flex-col gap-4">
          <h1 className="text-xl font-semibold">{t('members.invitationUnavailable')}</h1>
          <p role="alert" className="text-sm text-slate-700">
            {t(invitation === 'rate_limited' ? 'errors.tooManyAttempts' : 'members.invitationInvalid')}
          </p>
          <p className="text-sm text-slate-600">{t('members.invitationAskAgain')}</p>
          <Link href="/" className={secondaryLink}>
            {t('notFound.home')}
          </Link>
        </div>
      </CardPage>
    );
  }

  const role = t(`workspaces.roles.${invitation.role}`);
  const here = `/invitations/${encodeURIComponent(token)}`;
  return (
    <CardPage>
      <div className="flex flex-col gap-4">
        <div>
          <p className="text-xs font-semibold uppercase tracking-wide text-brand-600">{t('members.invitationTitle')}</p>
          <h1 className="mt-1 text-xl font-semibold">{t('members.acceptTitle', { workspace: invitation.workspace })}</h1>
        </div>
        <p className="text-sm text-slate-700">{t('members.acceptBody', { workspace: invitation.workspace, role })}</p>
        <p className="rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-600">{t('members.invitationFor', { email: invitation.email })}</p>
        {context.user ? (
          <TrpcProvider>
            <AcceptInvitation token={token} invitedEmail={invitation.email} signedInEmail={context.user.email} here={here} />
          </TrpcProvider>
        ) : (
          <div className="flex flex-col gap-2">
            <Link href={`/sign-in?callbackUrl=${encodeURIComponent(here)}`} className={primaryLink}>
              {t('members.signInToAccept')}
            </Link>
            <Link href={`/sign-up?${new URLSearchParams({ callbackUrl: here, email: invitation.email })}`} className={secondaryLink}>
              {t('members.signUpToAccept')}
            </Link>
          </div>
        )}
      </div>
    </CardPage>
  );
}
