import { AppError } from '@/server/errors';
import type { ExpectedVersion } from './appendToStream';

/** The stream was not at the version the caller expected: someone else appended first. */
export class ConcurrencyError extends AppError {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    /** The stream's version when the append looked; null when only the database's unique key noticed. */
    readonly actual: number | null,
  ) {
    super('conflict', 'events.concurrency', { params: { stream: streamId, expected: String(expected), actual: actual ?? '?' } });
    this.name = 'ConcurrencyError';
  }
}

/** An event's payload does not match its type's schema; nothing was written. */
export class EventSchemaError extends AppError {
  constructor(
    readonly eventType: string,
    field: string,
    readonly issue: string,
  ) {
    super('invalid', 'events.invalidPayload', { field, params: { type: eventType, field, issue } });
    this.name = 'EventSchemaError';
  }
}

/** An event whose type was never declared with defineEvent. */
export class UnknownEventTypeError extends AppError {
  constructor(readonly eventType: string) {
    super('invalid', 'events.unknownType', { params: { type: eventType } });
    this.name = 'UnknownEventTypeError';
  }
}

/** An event id already stored under another stream (or twice in one batch): a producer bug, not a retry. */
export class DuplicateEventError extends AppError {
  constructor(readonly eventId: string) {
    super('conflict', 'events.duplicateEventId', { params: { eventId } });
    this.name = 'DuplicateEventError';
  }
}

/** A stored event of an old schema version could not be brought up to the current one. */
export class UpcastError extends AppError {
  constructor(
    readonly eventType: string,
    readonly fromVersion: number,
    cause: unknown,
  ) {
    super('invalid', 'events.upcastFailed', { cause, params: { type: eventType, version: fromVersion } });
    this.name = 'UpcastError';
  }
}

/** A job's workspace was deleted after the job was enqueued: retrying cannot help, so the job fails at once. */
export class TenantGoneError extends AppError {
  constructor(readonly tenantId: string) {
    super('not_found', 'errors.workspaceNotFound', { params: { tenantId } });
    this.name = 'TenantGoneError';
  }
}
