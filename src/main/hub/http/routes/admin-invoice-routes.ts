import type { FastifyInstance } from 'fastify';
import Type, { type Static } from 'typebox';
import { EntityId } from '../../../../shared/protocol/catalog-payloads.js';
import { ErrorReply } from '../../../../shared/protocol/device-api.js';
import {
  INVOICE_STATUSES,
  InvoiceDetail,
  InvoiceList,
  InvoicingSettingsUpdate,
  InvoicingSettingsView,
  IssueCorrectionRequest,
  IssueInvoiceRequest,
  OfflineCertificateUpload,
  TechnicalCorrectionRequest,
} from '../../../../shared/protocol/invoice-views.js';
import type { HubContext } from '../../hub-context.js';
import { invoiceDetail, invoiceUpo, invoiceXml, listInvoices } from '../../invoicing/invoice-reads.js';
import { confirmPin } from '../../security/pin-reentry.js';
import type { User } from '../../security/user-store.js';
import { requireRole } from '../admin-auth.js';
import { invoiceErrorToHttp, printErrorToHttp } from '../domain-error-status.js';
import { pinErrorToHttp } from '../pin-errors.js';

const InvoiceParams = Type.Object({ invoiceId: Type.String({ minLength: 1, maxLength: 64 }) });
const ListQuery = Type.Object(
  {
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    before: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    status: Type.Optional(Type.Enum(INVOICE_STATUSES)),
  },
  { additionalProperties: false },
);
const PrintInvoiceBody = Type.Object({ printerId: Type.Optional(EntityId) }, { additionalProperties: false });
const errors = { 400: ErrorReply, 401: ErrorReply, 403: ErrorReply };

/** Refusals of the invoicing domain as their HTTP answers; anything else is a bug (500). */
async function guarded<T>(work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw invoiceErrorToHttp(error);
  }
}

/** The Invoices screen, its detail and download, the manager's invoice for a sale, and Settings → Invoicing. */
export function registerAdminInvoiceRoutes(app: FastifyInstance, hub: HubContext): void {
  const anyone = requireRole(hub, 'cashier');
  const manager = requireRole(hub, 'manager');
  const { ledger, invoicing, audit } = hub;
  const reenterPin = (user: User, pin: string, what: string) =>
    confirmPin(hub.users, audit, user, pin, { action: 'invoicing.pin_rejected', detail: { what } }).catch(
      (error: unknown) => {
        throw pinErrorToHttp(error);
      },
    );

  app.get<{ Querystring: Static<typeof ListQuery> }>(
    '/v1/admin/invoices',
    {
      schema: {
        tags: ['admin'],
        summary: 'Invoices, newest first, with their KSeF mode, status and sending deadline',
        querystring: ListQuery,
        response: { 200: InvoiceList, ...errors, 404: ErrorReply },
      },
      onRequest: anyone,
    },
    async (request) => guarded(() => listInvoices(ledger.db, request.query)),
  );

  app.get<{ Params: Static<typeof InvoiceParams> }>(
    '/v1/admin/invoices/:invoiceId',
    {
      schema: {
        tags: ['admin'],
        summary: 'One invoice: parties, lines, VAT, hash, KOD I and KOD II with their QR images',
        params: InvoiceParams,
        response: { 200: InvoiceDetail, ...errors, 404: ErrorReply },
      },
      onRequest: anyone,
    },
    async (request) => guarded(() => invoiceDetail(ledger.db, request.params.invoiceId)),
  );

  app.get<{ Params: Static<typeof InvoiceParams> }>(
    '/v1/admin/invoices/:invoiceId/xml',
    {
      schema: {
        tags: ['admin'],
        summary: 'The exact FA(3) XML the invoice was issued with, as a download',
        params: InvoiceParams,
        response: { 200: Type.String({ description: 'application/xml' }), ...errors, 404: ErrorReply },
      },
      onRequest: anyone,
    },
    async (request, reply) => {
      const { number, xml } = await guarded(() => invoiceXml(ledger.db, request.params.invoiceId));
      return reply
        .type('application/xml; charset=utf-8')
        .header('content-disposition', `attachment; filename="${number.replace(/[^A-Za-z0-9_.-]/g, '_')}.xml"`)
        .send(xml);
    },
  );

  app.get<{ Params: Static<typeof InvoiceParams> }>(
    '/v1/admin/invoices/:invoiceId/upo',
    {
      schema: {
        tags: ['admin'],
        summary: "KSeF's official receipt (UPO) of the invoice, byte for byte as KSeF served it, as a download",
        params: InvoiceParams,
        response: { 200: Type.String({ description: 'application/xml' }), ...errors, 404: ErrorReply },
      },
      onRequest: anyone,
    },
    async (request, reply) => {
      const { ksefNumber, upo } = await guarded(() => invoiceUpo(ledger.db, request.params.invoiceId));
      return reply
        .type('application/xml')
        .header('content-disposition', `attachment; filename="UPO-${ksefNumber}.xml"`)
        .send(upo);
    },
  );

  app.post<{ Params: Static<typeof InvoiceParams>; Body: Static<typeof TechnicalCorrectionRequest> }>(
    '/v1/admin/invoices/:invoiceId/technical-correction',
    {
      schema: {
        tags: ['admin'],
        summary:
          'An invoice KSeF rejected, issued again with the buyer fixed (audited): same number, lines and dates; an ' +
          'offline invoice goes to KSeF as a technical correction of the rejected bytes, so its printed KOD I leads on',
        params: InvoiceParams,
        body: TechnicalCorrectionRequest,
        response: { 200: InvoiceDetail, ...errors, 404: ErrorReply, 409: ErrorReply },
      },
      onRequest: manager,
    },
    async (request) => {
      const user = request.adminUser!;
      const { invoiceId } = request.params;
      await guarded(() =>
        ledger.transaction(() => {
          const corrected = invoicing.correctTechnically(invoiceId, request.body.buyer, user.name);
          audit.record({
            actor: user.name,
            action: 'invoicing.technical_correction',
            detail: { invoiceId, buyer: request.body.buyer, correctedHash: corrected.correctedHash, userId: user.id },
          });
        }),
      );
      return invoiceDetail(ledger.db, invoiceId);
    },
  );

  app.post<{ Body: Static<typeof IssueInvoiceRequest> }>(
    '/v1/admin/invoices',
    {
      schema: {
        tags: ['admin'],
        summary: 'Issue a VAT invoice for a recorded sale (audited): numbered, built as FA(3), mode and deadline set',
        body: IssueInvoiceRequest,
        response: { 201: InvoiceDetail, ...errors, 404: ErrorReply, 409: ErrorReply },
      },
      onRequest: manager,
    },
    async (request, reply) => {
      const user = request.adminUser!;
      const invoice = await guarded(() =>
        ledger.transaction(() => {
          const issued = invoicing.issue(request.body, user.name);
          audit.record({
            actor: user.name,
            action: 'invoicing.issue',
            detail: { invoiceId: issued.invoiceId, number: issued.number, saleId: issued.saleId, userId: user.id },
          });
          return issued;
        }),
      );
      return reply.code(201).send(await invoiceDetail(ledger.db, invoice.invoiceId));
    },
  );

  app.post<{ Params: Static<typeof InvoiceParams>; Body: Static<typeof IssueCorrectionRequest> }>(
    '/v1/admin/invoices/:invoiceId/corrections',
    {
      schema: {
        tags: ['admin'],
        summary: 'Issue the correcting invoice (KOR) of a refund of this invoice’s sale (audited)',
        params: InvoiceParams,
        body: IssueCorrectionRequest,
        response: { 201: InvoiceDetail, ...errors, 404: ErrorReply, 409: ErrorReply },
      },
      onRequest: manager,
    },
    async (request, reply) => {
      const user = request.adminUser!;
      const correction = await guarded(() =>
        ledger.transaction(() => {
          const original = invoiceXml(ledger.db, request.params.invoiceId);
          const issued = invoicing.issue({ saleId: original.saleId, refundId: request.body.refundId }, user.name);
          audit.record({
            actor: user.name,
            action: 'invoicing.correct',
            detail: { invoiceId: issued.invoiceId, number: issued.number, corrects: original.number, userId: user.id },
          });
          return issued;
        }),
      );
      return reply.code(201).send(await invoiceDetail(ledger.db, correction.invoiceId));
    },
  );

  app.post<{ Params: Static<typeof InvoiceParams>; Body: Static<typeof PrintInvoiceBody> }>(
    '/v1/admin/invoices/:invoiceId/print',
    {
      schema: {
        tags: ['admin'],
        summary: 'Print the invoice with its KOD I (and KOD II) on a receipt printer (audited); 202 with the job',
        description:
          'The default receipt printer prints it unless printerId names one. Follow the job on the Hardware screen ' +
          '(GET /v1/admin/print-jobs).',
        params: InvoiceParams,
        body: PrintInvoiceBody,
        response: {
          202: Type.Object({ jobId: Type.String() }),
          ...errors,
          404: ErrorReply,
          409: ErrorReply,
          429: ErrorReply,
        },
      },
      onRequest: manager,
    },
    async (request, reply) => {
      const { id, name } = request.adminUser!;
      const print = { ...request.body, kind: 'invoice' as const, invoiceId: request.params.invoiceId };
      const job = await guarded(() => {
        try {
          return hub.printing.queue.printAsUser(print, { id, name }, 'invoicing.print');
        } catch (error) {
          throw printErrorToHttp(error);
        }
      });
      return reply.code(202).send({ jobId: job.id });
    },
  );

  app.get(
    '/v1/admin/settings/invoicing',
    { schema: { tags: ['admin'], response: { 200: InvoicingSettingsView, ...errors } }, onRequest: manager },
    async () => invoicing.settingsView(),
  );

  app.put<{ Body: Static<typeof InvoicingSettingsUpdate> }>(
    '/v1/admin/settings/invoicing',
    {
      schema: {
        tags: ['admin'],
        summary: "The seller on every invoice, the number format and the KSeF environment (the manager's PIN again)",
        body: InvoicingSettingsUpdate,
        response: { 200: InvoicingSettingsView, ...errors, 423: ErrorReply },
      },
      onRequest: manager,
    },
    async (request) => {
      const user = request.adminUser!;
      const { pin, ...update } = request.body;
      await reenterPin(user, pin, 'settings');
      const saved = await guarded(() => invoicing.saveSettings(update));
      audit.record({ actor: user.name, action: 'invoicing.settings', detail: { ...update, userId: user.id } });
      // The seller is who invoices are sent to KSeF for.
      hub.upstream.ksefChanged();
      return saved;
    },
  );

  app.put<{ Body: Static<typeof OfflineCertificateUpload> }>(
    '/v1/admin/settings/invoicing/certificate',
    {
      schema: {
        tags: ['admin'],
        summary:
          'Import the KSeF offline certificate and its private key (PIN again): checked, the key kept in the ' +
          'secret store and never shown back',
        body: OfflineCertificateUpload,
        response: { 200: InvoicingSettingsView, ...errors, 423: ErrorReply },
      },
      onRequest: manager,
    },
    async (request) => {
      const user = request.adminUser!;
      const { pin, ...upload } = request.body;
      await reenterPin(user, pin, 'certificate');
      const saved = await guarded(() => invoicing.importCertificate(upload));
      audit.record({
        actor: user.name,
        action: 'invoicing.certificate',
        detail: { serial: saved.certificate?.serial, subject: saved.certificate?.subject, userId: user.id },
      });
      return saved;
    },
  );
}
