/**
 * Live document updates end to end: a document run through the real workflow
 * (pg-boss handler workers in this process) is announced on its workspace's
 * channel as `document.changed`, once per committed transaction, received by
 * pusher-js through the embedded realtime server; another workspace's
 * subscriber hears nothing of it.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type Pusher from 'pusher-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLiveServer, pusherAs, collect, subscription } from '@/tests/support/liveRealtime';

// Configured before anything reads the configuration: this file's blobs, and the app publishing to this server.
process.env.DATA_DIR = mkdtempSync(path.join(tmpdir(), 'tramite-live-updates-'));
const server = await startLiveServer();

const { startEventHandlerWorkers } = await import('@/server/events');
const { getBoss, stopBoss } = await import('@/server/jobs');
const { liveEvents, publish, tenantChannel } = await import('@/server/realtime');
const { newUser } = await import('@/tests/support/callers');
const { uploadAs, workflowEnded } = await import('@/tests/support/documentUploads');
const { disconnect } = await import('@/tests/realtime/support');

type Hint = { documentId: string; type: string; position: number };
type Person = Awaited<ReturnType<typeof newUser>>;
let uploader: Person;
let outsider: Person;
const clients: Pusher[] = [];

beforeAll(async () => {
  uploader = await newUser('Uploader');
  outsider = await newUser('Outsider');
  await startEventHandlerWorkers(await getBoss());
});
afterAll(async () => {
  await stopBoss(5_000);
  await Promise.all(clients.map(disconnect));
  await server.close();
});

async function listen(person: Person) {
  const pusher = pusherAs(server.port, person.user.id);
  clients.push(pusher);
  const channel = pusher.subscribe(tenantChannel(person.tenantId));
  const hints = collect<Hint & { fence?: string }>(channel, liveEvents.documentChanged);
  expect(await subscription(channel)).toEqual({ joined: true });
  return hints;
}

describe('document.changed on the workspace channel', () => {
  it('announces each committed step of a document to its workspace, the last one last, and nothing to another workspace', async () => {
    const inWorkspace = await listen(uploader);
    const elsewhere = await listen(outsider);

    const { documentId } = await uploadAs({ tenantId: uploader.tenantId, userId: uploader.user.id }, Buffer.from('Minutes about the heron census.\n'), 'txt');
    const history = await workflowEnded(uploader.tenantId, documentId);
    const last = history.at(-1)!;
    expect(last.type).toBe('WorkflowStepCompleted');

    // One hint per transaction that wrote to the document's stream, naming that transaction's last event.
    const lastOfEachTransaction = new Map<string, Hint>();
    for (const event of history) lastOfEachTransaction.set(event.transactionId, { documentId, type: event.type, position: event.position });
    const expected = [...lastOfEachTransaction.values()];
    // Steps run in different transactions and workers, so hints may arrive out of order: wait for each.
    for (const hint of expected) await inWorkspace.until((received) => received.position === hint.position, `for ${hint.type} at ${hint.position}`);
    const received = [...inWorkspace.received].sort((x, y) => x.position - y.position);
    expect(received).toEqual(expected);
    expect(received.map((hint) => hint.type)).toEqual(expect.arrayContaining(['DocumentUploadRequested', 'DocumentUploaded', 'DocumentReady']));
    expect(received.at(-1)).toEqual({ documentId, type: last.type, position: last.position });

    // The other workspace's channel: a message published there after all of the above arrives with nothing before it.
    const fence = `fence-${documentId}`;
    await publish([{ channel: tenantChannel(outsider.tenantId), event: liveEvents.documentChanged, data: { fence } }]);
    await elsewhere.until((hint) => hint.fence === fence, 'fence on the other workspace');
    expect(elsewhere.received).toEqual([{ fence }]);
  });
});
