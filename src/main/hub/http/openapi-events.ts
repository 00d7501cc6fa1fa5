import Type, { type TSchema } from 'typebox';
import { PushRequest } from '../../../shared/protocol/device-api.js';
import { EventEnvelope } from '../../../shared/protocol/envelope.js';
import { EVENT_TYPES } from '../../../shared/protocol/event-types.js';

/**
 * The event catalogue as OpenAPI components, built from the registry and the very schemas ingest validates with
 * (sync/protocol-validators.ts), so a POS vendor's generated client gets one named type per event type and version.
 */

const COMPONENTS = '#/components/schemas/';

/** `payment.offline_card` v1 → `PaymentOfflineCardV1`: derived from the wire names, so it stays stable. */
function componentName(type: string, v: number): string {
  const words = type.split(/[._]/).map((word) => word.charAt(0).toUpperCase() + word.slice(1));
  return `${words.join('')}V${v}`;
}

const versions = EVENT_TYPES.flatMap((spec) =>
  Object.entries(spec.versions).map(([v, payload]) => ({
    ...spec,
    v: Number(v),
    payload,
    name: componentName(spec.type, Number(v)),
  })),
);

const eventRef = (name: string): string => `${COMPONENTS}${name}Event`;

function envelopeOf(event: (typeof versions)[number]): TSchema {
  return Type.Object(
    {
      ...EventEnvelope.properties,
      type: Type.Literal(event.type),
      v: Type.Integer({ const: event.v }),
      payload: Type.Ref(`${COMPONENTS}${event.name}Payload`),
    },
    {
      additionalProperties: false,
      description: event.deviceMay
        ? `A \`${event.type}\` event, version ${event.v}.`
        : `A hub-made \`${event.type}\` event, version ${event.v}: a device that pushes one gets \`refused\`.`,
    },
  );
}

// OpenAPI's discriminator maps one property to one schema: `type` alone selects the envelope only while every type
// has a single version; with more, each envelope's `type` and `v` constants still tell them apart under `oneOf`.
const typeIsUnique = new Set(versions.map((event) => event.type)).size === versions.length;

const EventEnvelopeUnion = {
  description:
    'A signed event (DESIGN §3), one of the types below. An event whose `type` and `v` this hub does not know is ' +
    'rejected with UNKNOWN_TYPE, one whose payload does not match its schema with SCHEMA_INVALID; the rest of the ' +
    'batch is then not processed.',
  oneOf: versions.map((event) => ({ $ref: eventRef(event.name) })),
  ...(typeIsUnique && {
    discriminator: {
      propertyName: 'type',
      mapping: Object.fromEntries(versions.map((event) => [event.type, eventRef(event.name)])),
    },
  }),
};

export const EVENT_SCHEMA_COMPONENTS: Record<string, object> = {
  EventEnvelope: EventEnvelopeUnion,
  ...Object.fromEntries(
    versions.flatMap((event) => [
      [`${event.name}Payload`, event.payload],
      [`${event.name}Event`, envelopeOf(event)],
    ]),
  ),
};

/**
 * The push body as a client must send it. The hub validates `PushRequest`, which takes any items, so that ingest can
 * reject a bad event in its place with its own code (DESIGN §3) instead of refusing the whole batch with 400.
 */
export const DocumentedPushRequest = {
  ...PushRequest,
  properties: {
    ...PushRequest.properties,
    events: { ...PushRequest.properties.events, items: { $ref: `${COMPONENTS}EventEnvelope` } },
  },
};
