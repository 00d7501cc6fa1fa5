import type { FastifyInstance } from 'fastify';
import Type, { type Static } from 'typebox';
import { ErrorReply } from '../../../../shared/protocol/device-api.js';
import type { HubContext } from '../../hub-context.js';
import { ROLES } from '../../security/user-store.js';
import { requireRole } from '../admin-auth.js';
import { HttpError } from '../http-error.js';
import { userErrorToHttp } from '../user-errors.js';

const AdminUser = Type.Object({
  id: Type.String(),
  name: Type.String(),
  role: Type.Enum(ROLES),
  createdAt: Type.String(),
  locked: Type.Boolean({ description: 'Too many wrong PINs: no login until the lock expires' }),
});

const NewUserBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 64 }),
    role: Type.Enum(ROLES),
    pin: Type.String({ pattern: '^[0-9]{4,12}$', description: '4 to 12 digits' }),
  },
  { additionalProperties: false },
);

/** DESIGN §9: managers see who can log in; only an owner adds someone, since that hands out access. */
export function registerAdminUserRoutes(app: FastifyInstance, hub: HubContext): void {
  app.get(
    '/v1/admin/users',
    {
      schema: {
        tags: ['admin'],
        summary: 'Back-office users, oldest first (never their PINs)',
        response: { 200: Type.Object({ users: Type.Array(AdminUser) }) },
      },
      onRequest: requireRole(hub, 'manager'),
    },
    async () => ({ users: hub.users.list() }),
  );

  app.post<{ Body: Static<typeof NewUserBody> }>(
    '/v1/admin/users',
    {
      schema: {
        tags: ['admin'],
        summary: 'Add a user (owner only; audited as user.create)',
        description: 'A bad name, role or PIN answers 400 INVALID_USER; a name taken (any case) 409 USER_EXISTS.',
        body: NewUserBody,
        response: { 201: AdminUser, 400: ErrorReply, 409: ErrorReply },
      },
      // Answered below as INVALID_USER, the code the store uses, so the UI handles one code for a bad user.
      attachValidation: true,
      onRequest: requireRole(hub, 'owner'),
    },
    async (request, reply) => {
      if (request.validationError) throw new HttpError(400, 'INVALID_USER', request.validationError.message);
      const user = await hub.users.add(request.body).catch((error: unknown) => {
        throw userErrorToHttp(error);
      });
      hub.audit.record({
        actor: request.adminUser!.name,
        action: 'user.create',
        detail: { userId: user.id, name: user.name, role: user.role },
      });
      return reply.code(201).send({ ...user, locked: false });
    },
  );
}
