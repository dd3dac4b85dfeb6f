import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineEvent, EventSchemaError, UnknownEventTypeError, UpcastError } from '@/server/events';
import { upcastStored, validateNewEvent } from '@/server/events/catalog';

const TaskScheduled = defineEvent('TaskScheduled', {
  schemaVersion: 1,
  schema: z.object({ title: z.string().min(1), due: z.object({ date: z.iso.date() }), tags: z.array(z.string()).default([]) }),
});

/** v1 `{ name }`, v2 `{ fullName }`, v3 `{ given, family }`: one upcast handles every older version. */
const PersonNamed = defineEvent('PersonNamed', {
  schemaVersion: 3,
  schema: z.object({ given: z.string(), family: z.string() }),
  upcast: (data, from) => {
    const fullName = from === 1 ? (data as { name: string }).name : (data as { fullName: string }).fullName;
    const [given = '', ...rest] = fullName.split(' ');
    return { given, family: rest.join(' ') };
  },
});

describe('defineEvent', () => {
  it('given a valid payload, when validated, then it is stored as the schema parses it, at the current version', () => {
    const event = TaskScheduled.create({ title: 'Renew', due: { date: '2026-12-01' } });
    expect(event.eventId).toMatch(/^[0-9a-f-]{36}$/);
    expect(validateNewEvent(event)).toEqual({ eventId: event.eventId, type: 'TaskScheduled', schemaVersion: 1, data: { title: 'Renew', due: { date: '2026-12-01' }, tags: [] } });
  });

  it('given an invalid payload, when validated, then the error names the field, nested ones by path', () => {
    const error = (() => {
      try {
        validateNewEvent(TaskScheduled.create({ title: 'Renew', due: { date: 'soon' } }));
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(EventSchemaError);
    expect(error).toMatchObject({ code: 'invalid', messageKey: 'events.invalidPayload', field: 'due.date', params: { type: 'TaskScheduled', field: 'due.date' } });
  });

  it('refuses a type nobody declared', () => {
    expect(() => validateNewEvent({ type: 'Mystery', data: {}, eventId: crypto.randomUUID() })).toThrow(UnknownEventTypeError);
  });

  it('refuses a second definition of a type, a bad name, and a new version without an upcast', () => {
    expect(() => defineEvent('TaskScheduled', { schemaVersion: 1, schema: z.object({}) })).toThrow(/defined twice/);
    expect(() => defineEvent('task-done', { schemaVersion: 1, schema: z.object({}) })).toThrow(/PascalCase/);
    expect(() => defineEvent('TaskDone', { schemaVersion: 2, schema: z.object({}) })).toThrow(/needs an upcast/);
  });

  it('narrows stored events by type with is()', () => {
    const stored = { type: 'PersonNamed', data: { given: 'Ada', family: 'Lovelace' } } as Parameters<typeof PersonNamed.is>[0];
    expect(PersonNamed.is(stored)).toBe(true);
    expect(TaskScheduled.is(stored)).toBe(false);
  });
});

describe('upcasting on read', () => {
  it('given payloads of versions 1 and 2, when read, then both come back in the version-3 shape', () => {
    expect(upcastStored('PersonNamed', 1, { name: 'Ada Lovelace' })).toEqual({ schemaVersion: 3, data: { given: 'Ada', family: 'Lovelace' } });
    expect(upcastStored('PersonNamed', 2, { fullName: 'Grace Brewster Hopper' })).toEqual({ schemaVersion: 3, data: { given: 'Grace', family: 'Brewster Hopper' } });
  });

  it('leaves current payloads and undeclared types as stored', () => {
    const current = { given: 'Ada', family: 'L' };
    expect(upcastStored('PersonNamed', 3, current)).toEqual({ schemaVersion: 3, data: current });
    expect(upcastStored('Retired', 1, { any: 'thing' })).toEqual({ schemaVersion: 1, data: { any: 'thing' } });
  });

  it('fails with a typed error when an upcast yields an invalid payload', () => {
    expect(() => upcastStored('PersonNamed', 2, { wrong: true })).toThrow(UpcastError);
  });
});
