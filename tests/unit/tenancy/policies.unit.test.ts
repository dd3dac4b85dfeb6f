import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { can, policy, type Action } from '@/server/tenancy/policies';
import { roles } from '@/server/tenancy/schema';

/** The rows of docs/permissions.md's table: action → role → allowed. */
function documentedMatrix(): Map<string, Record<string, boolean>> {
  const lines = readFileSync('docs/permissions.md', 'utf8').split('\n').filter((line) => /^\| [a-z]+\.[A-Za-z]+ \|/.test(line));
  return new Map(
    lines.map((line) => {
      const [action, ...cells] = line.split('|').map((cell) => cell.trim()).filter(Boolean);
      return [action!, Object.fromEntries(roles.map((role, i) => [role, cells[i] === 'yes']))];
    }),
  );
}

describe('the permission matrix', () => {
  const documented = documentedMatrix();

  it('documents exactly the actions the policy module knows', () => {
    expect([...documented.keys()].sort()).toEqual(Object.keys(policy).sort());
  });

  for (const action of Object.keys(policy) as Action[]) {
    for (const role of roles) {
      it(`${role} × ${action} matches docs/permissions.md`, () => {
        expect(can(role, action)).toBe(documented.get(action)?.[role]);
      });
    }
  }
});
