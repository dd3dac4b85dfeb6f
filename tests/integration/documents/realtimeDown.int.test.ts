/**
 * The realtime server unreachable (REALTIME_PORT names a loopback port
 * nothing listens on — a real refused connection, not a stand-in): the
 * workflow does not depend on it. The document becomes Ready, the uploader's
 * notification is stored, and the failed live delivery is recorded as
 * NotificationFailed in the document's stream.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '@/scripts/start/checks';
import { liveApp } from '@/tests/support/liveRealtime';

// Configured before anything reads the configuration: this file's blobs, and a realtime server that is not there.
process.env.DATA_DIR = mkdtempSync(path.join(tmpdir(), 'tramite-realtime-down-'));
Object.assign(process.env, { REALTIME_APP_ID: liveApp.appId, REALTIME_KEY: liveApp.key, REALTIME_SECRET: liveApp.secret, REALTIME_PORT: String(await findFreePort()) });

const { readStream, startEventHandlerWorkers } = await import('@/server/events');
const { getBoss, stopBoss } = await import('@/server/jobs');
const { documentStream, getDocument } = await import('@/server/documents');
const { getPublisher } = await import('@/server/realtime');
const { newUser } = await import('@/tests/support/callers');
const { uploadAs, stepName, workflowEnded } = await import('@/tests/support/documentUploads');
const { ownerQuery } = await import('@/tests/support/ownerQuery');
const { waitFor } = await import('@/tests/support/waitFor');

beforeAll(async () => {
  await startEventHandlerWorkers(await getBoss());
});
afterAll(async () => {
  await stopBoss(5_000);
});

describe('with the realtime server unreachable', () => {
  it('still takes a document to Ready and stores its notification, recording the failed live delivery as NotificationFailed', async () => {
    // Configured, so deliveries are attempted (and refused), not skipped.
    expect(getPublisher()).not.toBeNull();
    const uploader = await newUser('Offline');
    const { documentId } = await uploadAs({ tenantId: uploader.tenantId, userId: uploader.user.id }, Buffer.from('Notes nobody will hear about live.\n'), 'txt');

    const failure = await waitFor(async () => {
      const events = await readStream({ tenantId: uploader.tenantId }, documentStream(documentId));
      return events.find((event) => event.type === 'NotificationFailed');
    }, 'NotificationFailed in the document stream');
    expect(failure.data).toEqual({ documentId, channel: 'realtime', reason: expect.stringMatching(/ECONNREFUSED/) });

    const history = (await workflowEnded(uploader.tenantId, documentId)).map(stepName);
    expect(history.filter((type) => type === 'DocumentReady')).toHaveLength(1);
    expect(history.slice(-3)).toEqual(['WorkflowStepStarted:notify', 'WorkflowStepCompleted:notify', 'NotificationFailed']);
    expect(await getDocument(uploader.tenantId, documentId)).toMatchObject({ status: 'ready' });
    expect(await ownerQuery('select type from notifications where recipient_id = $1', [uploader.user.id])).toEqual([{ type: 'document.ready' }]);
  });
});
