import 'server-only';
// The event store: append, read, catalog, handlers, projections, rebuild.
export { defineEvent, eventTypes, type EventDefinition, type AnyEventDefinition, type NewEvent, type StoredEventOf } from './catalog';
export { appendToStream, type AppendOptions, type AppendResult, type ExpectedVersion } from './appendToStream';
export { readStream, type ReadStreamOptions } from './readStream';
export { readAll, readAllInBatches, startOfLog, type LogCheckpoint, type ReadAllOptions } from './readAll';
export { readEvent, readByCorrelation } from './readEvents';
export { browseEvents, browseEventsInput, browseEvent, causationOf, eventWithCausation, listEventTypes, streamHistory, streamHistoryInput, type BrowseEventsInput } from './browseEvents';
export type { ReadScope } from './readScope';
export type { StoredEvent } from './storedEvent';
export { runCommand, runAsHandlerOf } from './correlation';
export { actorSchema, eventMetadataSchema, type Actor, type EventMetadata } from './metadata';
export { subscribe, unsubscribe, defaultRetryPolicy, NonRetryableError, isNonRetryable, type Subscription, type HandlerContext, type RetryPolicy, type EventSelector } from './handlers';
export { applyAsyncHandler, startEventHandlerWorkers } from './asyncHandlers';
export type { HandlerJob } from './dispatch';
export { defineProjection, projectionNames, rebuildProjection, rebuildProjections, type Projection, type ProjectionDefinition, type RebuildReport } from './projections';
export { streamSummariesProjection, listStreams, findStreamSummary } from './projections/streamSummaries';
export { ConcurrencyError, EventSchemaError, UnknownEventTypeError, DuplicateEventError, UpcastError, TenantGoneError } from './errors';
export type { StreamSummary } from './schema';
