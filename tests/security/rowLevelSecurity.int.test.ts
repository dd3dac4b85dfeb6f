import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { bypassesRowLevelSecurity, getDb, withTenant } from '@/server/db';
import { callerFor, newUser } from '@/tests/support/callers';
import { ownerQuery } from '@/tests/support/ownerQuery';

/** Every table with a tenant_id column, read from the catalog so new tables are covered without editing this test. */
async function tenantTables(): Promise<string[]> {
  const rows = await ownerQuery<{ table_name: string }>(`
    select c.table_name from information_schema.columns c
    join information_schema.tables t using (table_schema, table_name)
    where c.table_schema = 'public' and c.column_name = 'tenant_id' and t.table_type = 'BASE TABLE'
    order by 1`);
  return rows.map((r) => r.table_name);
}

let alpha: Awaited<ReturnType<typeof newUser>>;
let beta: Awaited<ReturnType<typeof newUser>>;

beforeAll(async () => {
  alpha = await newUser('Alpha');
  beta = await newUser('Beta');
  // Give workspace A a row in every kind of table we have, so each one is tested with data.
  const asAlpha = callerFor(alpha.user, alpha.slug);
  await asAlpha.tokens.create({ name: 'alpha token', role: 'member' });
  await asAlpha.members.invite({ email: 'someone@example.com', role: 'viewer' });
});

describe('row-level security', () => {
  it('is enabled, forced and has a policy on every table with a tenant_id column', async () => {
    const tables = await tenantTables();
    expect(tables.length).toBeGreaterThanOrEqual(3);
    const rows = await ownerQuery<{ relname: string; enabled: boolean; forced: boolean; policies: string }>(`
      select c.relname, c.relrowsecurity as enabled, c.relforcerowsecurity as forced,
             (select count(*) from pg_policies p where p.schemaname = 'public' and p.tablename = c.relname) as policies
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relname = any($1)`, [tables]);
    const unprotected = rows.filter((r) => !r.enabled || !r.forced || Number(r.policies) === 0).map((r) => r.relname);
    expect(unprotected).toEqual([]);
    expect(rows.map((r) => r.relname).sort()).toEqual(tables);
  });

  it('binds the application role: no superuser, no BYPASSRLS, owner of no table', async () => {
    expect(await bypassesRowLevelSecurity()).toBe(false);
    const { rows } = await getDb().execute<{ owned: string }>(
      sql`select count(*) as owned from pg_tables where schemaname = 'public' and tableowner = current_user`,
    );
    expect(Number(rows[0]!.owned)).toBe(0);
  });

  it('shows no row of workspace A inside workspace B’s transaction, in any tenant table', async () => {
    const tables = await tenantTables();
    const seenFromBeta: Record<string, number> = {};
    const seenFromAlpha: Record<string, number> = {};
    for (const table of tables) {
      const query = sql`select count(*) as n from ${sql.identifier(table)} where tenant_id = ${alpha.tenantId}`;
      seenFromBeta[table] = Number((await withTenant(beta.tenantId, (tx) => tx.execute<{ n: string }>(query))).rows[0]!.n);
      seenFromAlpha[table] = Number((await withTenant(alpha.tenantId, (tx) => tx.execute<{ n: string }>(query))).rows[0]!.n);
    }
    expect(Object.values(seenFromBeta).every((n) => n === 0)).toBe(true);
    // The same query does see A's rows from A: the zeros above are the policy, not an empty table.
    expect(seenFromAlpha.memberships).toBeGreaterThan(0);
    expect(seenFromAlpha.api_tokens).toBeGreaterThan(0);
    expect(seenFromAlpha.invitations).toBeGreaterThan(0);
  });

  it('shows no tenant row at all outside a tenant scope, and refuses writes into another workspace', async () => {
    for (const table of await tenantTables()) {
      const { rows } = await getDb().execute<{ n: string }>(sql`select count(*) as n from ${sql.identifier(table)}`);
      expect({ table, n: Number(rows[0]!.n) }).toEqual({ table, n: 0 });
    }
    const write = withTenant(beta.tenantId, (tx) =>
      tx.execute(sql`insert into memberships (tenant_id, user_id, role) values (${alpha.tenantId}, ${beta.user.id}, 'owner')`),
    );
    await expect(write).rejects.toMatchObject({ cause: { message: expect.stringMatching(/violates row-level security policy/) } });
  });

  it('does not carry a tenant scope over to the next transaction on a pooled connection', async () => {
    await withTenant(alpha.tenantId, async () => {});
    const { rows } = await getDb().execute<{ tenant: string | null }>(sql`select app_tenant_id() as tenant`);
    expect(rows[0]!.tenant).toBeNull();
  });
});
