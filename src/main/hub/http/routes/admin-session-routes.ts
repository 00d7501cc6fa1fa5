import type { FastifyInstance } from 'fastify';
import Type, { type Static } from 'typebox';
import { ErrorReply } from '../../../../shared/protocol/device-api.js';
import { FailedAttemptLimiter } from '../../devices/rate-limiter.js';
import type { HubContext } from '../../hub-context.js';
import { UserError } from '../../security/user-store.js';
import { SESSION_COOKIE, requireRole } from '../admin-auth.js';
import { refuseWhileLimited } from '../attempt-limit.js';
import { HttpError } from '../http-error.js';
import { userErrorToHttp } from '../user-errors.js';

const Pin = Type.String({ pattern: '^[0-9]{4,12}$', description: '4 to 12 digits' });
const Name = Type.String({ minLength: 1, maxLength: 64 });
const LoginBody = Type.Object({ name: Name, pin: Pin }, { additionalProperties: false });
const SetupBody = Type.Object(
  { setupCode: Type.String({ pattern: '^[0-9]{8}$' }), owner: LoginBody },
  { additionalProperties: false },
);
const UserView = Type.Object({ id: Type.String(), name: Type.String(), role: Type.String() });
const UserReply = Type.Object({ user: UserView });

/** Wrong setup codes tolerated before the code is replaced, so it cannot be guessed over HTTP. */
const SETUP_ATTEMPTS = 5;
/**
 * Failed logins tolerated per minute. Each one costs a scrypt (a decoy one for an unknown name, so names cannot be
 * told apart) of 16 MB on a worker thread: unlimited, a flood of them held CPU and memory. Per-user lockout after 5
 * wrong PINs is separate (user-store).
 */
const LOGIN_LIMITS = { perAddress: 20, overall: 60, windowMs: 60 * 1000 };

export function registerAdminSessionRoutes(app: FastifyInstance, hub: HubContext): void {
  let failedSetupAttempts = 0;
  const failedLogins = new FailedAttemptLimiter(LOGIN_LIMITS);
  const cookieOptions = { path: '/', httpOnly: true, sameSite: 'strict' as const };

  app.get('/v1/admin/setup', { schema: { tags: ['admin'] } }, async () => ({ needed: hub.users.count() === 0 }));

  app.post<{ Body: Static<typeof SetupBody> }>(
    '/v1/admin/setup',
    { schema: { tags: ['admin'], body: SetupBody, response: { 201: UserReply } } },
    async (request, reply) => {
      if (hub.users.count() > 0) throw new HttpError(409, 'SETUP_DONE', 'the owner already exists; log in instead');
      if (!hub.setupCode.consume(request.body.setupCode)) {
        failedSetupAttempts += 1;
        if (failedSetupAttempts >= SETUP_ATTEMPTS) {
          failedSetupAttempts = 0;
          request.log.warn(
            { setupCode: hub.setupCode.issue() },
            'too many wrong setup codes: a new setup code was issued',
          );
        }
        throw new HttpError(403, 'SETUP_CODE_INVALID', 'the setup code is wrong or used; see the hub console');
      }
      const user = await hub.users.add({ ...request.body.owner, role: 'owner' }).catch((error: unknown) => {
        throw userErrorToHttp(error);
      });
      hub.audit.record({ actor: user.name, action: 'setup.owner_created', detail: { userId: user.id } });
      const session = hub.sessions.create(user.id);
      reply.setCookie(SESSION_COOKIE, session.token, { ...cookieOptions, expires: new Date(session.expiresAt) });
      return reply.code(201).send({ user: { id: user.id, name: user.name, role: user.role } });
    },
  );

  app.post<{ Body: Static<typeof LoginBody> }>(
    '/v1/admin/session',
    { schema: { tags: ['admin'], body: LoginBody, response: { 200: UserReply, 429: ErrorReply } } },
    async (request, reply) => {
      refuseWhileLimited(failedLogins, request.ip, 'logins');
      const user = await hub.users.authenticate(request.body.name, request.body.pin).catch((error: unknown) => {
        failedLogins.recordFailure(request.ip);
        hub.audit.record({
          actor: request.body.name,
          action: 'session.login_failed',
          detail: { code: error instanceof UserError ? error.code : 'ERROR', ip: request.ip },
        });
        throw userErrorToHttp(error);
      });
      const session = hub.sessions.create(user.id);
      hub.audit.record({ actor: user.name, action: 'session.login', detail: { ip: request.ip } });
      reply.setCookie(SESSION_COOKIE, session.token, { ...cookieOptions, expires: new Date(session.expiresAt) });
      return { user: { id: user.id, name: user.name, role: user.role } };
    },
  );

  app.get(
    '/v1/admin/session',
    { schema: { tags: ['admin'], response: { 200: UserReply } }, onRequest: requireRole(hub, 'cashier') },
    async (request) => ({ user: request.adminUser! }),
  );

  app.delete(
    '/v1/admin/session',
    { schema: { tags: ['admin'] }, onRequest: requireRole(hub, 'cashier') },
    async (request, reply) => {
      hub.sessions.destroy(request.cookies[SESSION_COOKIE]!);
      hub.audit.record({ actor: request.adminUser!.name, action: 'session.logout', detail: {} });
      return reply.clearCookie(SESSION_COOKIE, { path: '/' }).code(204).send();
    },
  );
}
