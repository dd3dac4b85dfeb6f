import { redirect } from 'next/navigation';

export default async function WorkspaceHome({ params }: { params: Promise<{ tenant: string }> }) {
  redirect(`/t/${(await params).tenant}/documents`);
}
