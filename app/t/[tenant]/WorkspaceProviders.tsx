'use client';
import type { BrowserRealtimeSettings } from '@/server/realtime';
import { TrpcProvider } from '@/app/_components/trpc';
import { RealtimeProvider } from './_realtime/RealtimeProvider';

type Props = { workspace: { id: string; slug: string }; userId: string; realtime: BrowserRealtimeSettings | null; children: React.ReactNode };

/** What every workspace page runs inside: the API client for this workspace, and its live updates (which refetch through that client). */
export function WorkspaceProviders({ workspace, userId, realtime, children }: Props) {
  return (
    <TrpcProvider tenant={workspace.slug}>
      <RealtimeProvider settings={realtime} tenant={workspace} userId={userId}>
        {children}
      </RealtimeProvider>
    </TrpcProvider>
  );
}
