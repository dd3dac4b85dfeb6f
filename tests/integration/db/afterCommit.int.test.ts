/**
 * afterCommit hooks run once their transaction has committed, in order, and
 * never for work that was rolled back — the whole transaction or a savepoint.
 */
import { describe, expect, it } from 'vitest';
import { afterCommit, inSavepoint, inTransaction, withTenant } from '@/server/db';
import { newTenant } from '../events/fixtures';

describe('afterCommit', () => {
  it('runs hooks after the commit, in the order they were registered, and not before', async () => {
    const ran: string[] = [];
    await inTransaction(async () => {
      afterCommit(() => ran.push('first'));
      afterCommit(() => ran.push('second'));
      expect(ran).toEqual([]);
    });
    expect(ran).toEqual(['first', 'second']);
  });

  it('drops the hooks of a transaction that rolls back', async () => {
    const ran: string[] = [];
    await expect(
      inTransaction(async () => {
        afterCommit(() => ran.push('never'));
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(ran).toEqual([]);
  });

  it('keeps a released savepoint’s hooks and drops a rolled-back one’s, the transaction committing either way', async () => {
    const tenantId = await newTenant();
    const ran: string[] = [];
    await withTenant(tenantId, async (tx) => {
      await inSavepoint(tx, async () => afterCommit(() => ran.push('released')));
      await inSavepoint(tx, async () => {
        afterCommit(() => ran.push('rolled back'));
        throw new Error('undo the savepoint');
      }).catch(() => undefined);
      afterCommit(() => ran.push('outer'));
    });
    expect(ran).toEqual(['released', 'outer']);
  });

  it('gives a separate transaction opened inside another its own hooks, flushed at its own commit', async () => {
    const ran: string[] = [];
    await inTransaction(async () => {
      afterCommit(() => ran.push('outer'));
      await inTransaction(async () => afterCommit(() => ran.push('inner')));
      expect(ran).toEqual(['inner']);
    });
    expect(ran).toEqual(['inner', 'outer']);
  });

  it('refuses a hook outside any transaction, instead of running it at an unknown time', () => {
    expect(() => afterCommit(() => undefined)).toThrow(/afterCommit needs a transaction/);
  });

  it('goes on after a hook that throws', async () => {
    const ran: string[] = [];
    await inTransaction(async () => {
      afterCommit(() => {
        throw new Error('publish failed');
      });
      afterCommit(() => ran.push('next'));
    });
    expect(ran).toEqual(['next']);
  });
});
