import type { FastifyInstance } from 'fastify';
import Type, { type Static } from 'typebox';
import {
  CONFLICT_STATUSES,
  ConflictDetail,
  ResolveConflictReply,
  ResolveConflictRequest,
} from '../../../../shared/protocol/conflicts.js';
import { ConflictView, ErrorReply } from '../../../../shared/protocol/device-api.js';
import { conflictDetail } from '../../conflicts/conflict-detail.js';
import { ConflictDesk, ConflictError } from '../../conflicts/conflict-desk.js';
import { listConflicts } from '../../conflicts/conflict-list.js';
import type { HubContext } from '../../hub-context.js';
import { requireRole } from '../admin-auth.js';
import { HttpError } from '../http-error.js';
import { pinErrorToHttp } from '../pin-errors.js';

const ConflictsQuery = Type.Object(
  { status: Type.Optional(Type.Enum(CONFLICT_STATUSES)) },
  { additionalProperties: false },
);
const ConflictParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const errors = { 400: ErrorReply, 401: ErrorReply, 403: ErrorReply, 404: ErrorReply };

function notFound(id: string): HttpError {
  return new HttpError(404, 'CONFLICT_NOT_FOUND', `no conflict ${id}`);
}

function toHttp(error: unknown): unknown {
  return error instanceof ConflictError
    ? new HttpError(error.status, error.code, error.message)
    : pinErrorToHttp(error);
}

/** Conflicts for the manager (DESIGN §3b, §4): the list, one conflict with its figures then and now, and deciding it. */
export function registerAdminConflictRoutes(app: FastifyInstance, hub: HubContext): void {
  const anyone = requireRole(hub, 'cashier');
  const manager = requireRole(hub, 'manager');
  const desk = new ConflictDesk(hub.ledger, hub.audit, hub.users);

  app.get<{ Querystring: Static<typeof ConflictsQuery> }>(
    '/v1/admin/conflicts',
    {
      schema: {
        tags: ['admin'],
        summary: 'Conflicts oldest first, all or those with one status',
        querystring: ConflictsQuery,
        response: { 200: Type.Object({ conflicts: Type.Array(ConflictView) }), ...errors },
      },
      onRequest: anyone,
    },
    async (request) => ({
      conflicts: listConflicts(hub.ledger.db, request.query.status ? { statuses: [request.query.status] } : {}),
    }),
  );

  app.get<{ Params: Static<typeof ConflictParams> }>(
    '/v1/admin/conflicts/:id',
    {
      schema: {
        tags: ['admin'],
        summary: "The device's event beside the server state at its ledger position and now, with the options left",
        params: ConflictParams,
        response: { 200: ConflictDetail, ...errors },
      },
      onRequest: anyone,
    },
    async (request) => {
      const detail = conflictDetail(hub.ledger.db, request.params.id);
      if (!detail) throw notFound(request.params.id);
      return detail;
    },
  );

  app.post<{ Params: Static<typeof ConflictParams>; Body: Static<typeof ResolveConflictRequest> }>(
    '/v1/admin/conflicts/:id/resolve',
    {
      schema: {
        tags: ['admin'],
        summary: 'Decide a conflict: a conflict.resolved ledger event naming the manager (force, accept_risk: PIN)',
        params: ConflictParams,
        body: ResolveConflictRequest,
        response: { 200: ResolveConflictReply, ...errors, 409: ErrorReply, 423: ErrorReply },
      },
      onRequest: manager,
    },
    async (request) => {
      const { id } = request.params;
      const records = await desk.resolve(id, request.body, request.adminUser!).catch((error: unknown) => {
        throw toHttp(error);
      });
      return {
        conflict: conflictDetail(hub.ledger.db, id)!,
        recorded: records.map(({ cursor, event }) => ({ cursor, eventId: event.id, type: event.type })),
      };
    },
  );
}
