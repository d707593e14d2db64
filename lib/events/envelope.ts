import * as z from 'zod';
import { type EventData, type EventTypeName, eventDataSchemas } from '../../events/schemas.ts';
import { services } from '../catalogue/resources.ts';
import type { ServiceName } from '../catalogue/types.ts';
import { newId } from '../ids.ts';

export interface Envelope<T extends EventTypeName = EventTypeName> {
  id: string;
  type: T;
  source: ServiceName;
  time: string;
  correlationId: string;
  data: EventData<T>;
}

export function envelope<T extends EventTypeName>(
  type: T,
  source: ServiceName,
  data: EventData<T>,
  correlationId: string,
  now = new Date(),
): Envelope<T> {
  return { id: newId('evt_', now.getTime()), type, source, time: now.toISOString(), correlationId, data };
}

const envelopeBase = z.object({
  id: z.string().min(1).max(128),
  type: z.enum(Object.keys(eventDataSchemas) as [EventTypeName, ...EventTypeName[]]),
  source: z.enum(services as [ServiceName, ...ServiceName[]]),
  time: z.iso.datetime(),
  correlationId: z.string().min(1).max(128),
  data: z.unknown(),
});

/** Parses an envelope and its payload against the schema of its type; throws on anything else. */
export function parseEnvelope(raw: unknown): Envelope {
  const base = envelopeBase.parse(raw);
  const data = eventDataSchemas[base.type].parse(base.data);
  return { ...base, data } as Envelope;
}
