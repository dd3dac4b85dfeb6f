import { describe, expect, it } from 'vitest';
import { runAsHandlerOf, runCommand, type StoredEvent } from '@/server/events';
import { currentMetadata } from '@/server/events/correlation';

const triggering = {
  eventId: '11111111-1111-4111-8111-111111111111',
  metadata: { correlationId: '22222222-2222-4222-8222-222222222222', causationId: null, actor: { kind: 'user', id: 'ana' } },
} as StoredEvent;

describe('correlation scope', () => {
  it('outside any scope, each append starts its own correlation and has no cause', () => {
    const [a, b] = [currentMetadata(), currentMetadata()];
    expect(a.causationId).toBeNull();
    expect(a.correlationId).not.toBe(b.correlationId);
  });

  it('a command gives everything inside it one new correlation id, its actor and request id', async () => {
    const seen = await runCommand({ actor: { kind: 'apiToken', id: 't1' }, requestId: 'r1' }, async () => [currentMetadata(), await Promise.resolve(currentMetadata())]);
    expect(seen[0]).toEqual(seen[1]);
    expect(seen[0]).toMatchObject({ causationId: null, actor: { kind: 'apiToken', id: 't1' }, requestId: 'r1' });
  });

  it('a handler’s scope names the triggering event as cause, keeps its correlation and actor, and ends with the handler', async () => {
    await runCommand({}, async () => {
      const outer = currentMetadata();
      const inner = await runAsHandlerOf(triggering, async () => currentMetadata());
      expect(inner).toEqual({ correlationId: triggering.metadata.correlationId, causationId: triggering.eventId, actor: { kind: 'user', id: 'ana' } });
      expect(currentMetadata()).toEqual(outer);
    });
  });
});
