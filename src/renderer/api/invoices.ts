import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { InvoiceBuyer } from '../../shared/protocol/invoice-payloads.js';
import type {
  InvoiceDeadline,
  InvoiceDetail,
  InvoiceKsefView,
  InvoiceList,
  InvoiceListItem,
  InvoiceMode,
  InvoiceStatus,
  InvoicingSettingsUpdate,
  InvoicingSettingsView,
  IssueInvoiceRequest,
  OfflineCertificateUpload,
  TechnicalCorrectionRequest,
  VerificationCode,
} from '../../shared/protocol/invoice-views.js';
import { api, queryString } from './client.js';
import { queryKeys } from './keys.js';

export type {
  InvoiceBuyer,
  InvoiceDeadline,
  InvoiceDetail,
  InvoiceKsefView,
  InvoiceListItem,
  InvoiceMode,
  InvoiceStatus,
  InvoicingSettingsUpdate,
  InvoicingSettingsView,
  OfflineCertificateUpload,
  VerificationCode,
};

export const INVOICE_PAGE_SIZE = 50;

const BASE = '/v1/admin/invoices';
const invoicePath = (invoiceId: string) => `${BASE}/${encodeURIComponent(invoiceId)}`;
const SETTINGS = '/v1/admin/settings/invoicing';

/** One page of invoices, newest first; `before` is the `nextBefore` of the page above. */
export function useInvoices(status: InvoiceStatus | undefined, before: string | undefined) {
  const query = queryString({ limit: INVOICE_PAGE_SIZE, before, status });
  return useQuery({
    queryKey: [...queryKeys.invoiceList, query],
    queryFn: () => api.get<InvoiceList>(`${BASE}?${query}`),
    placeholderData: (previous) => previous,
  });
}

export function useInvoice(invoiceId: string) {
  return useQuery({
    queryKey: queryKeys.invoice(invoiceId),
    queryFn: () => api.get<InvoiceDetail>(invoicePath(invoiceId)),
    enabled: invoiceId !== '',
  });
}

/** The FA(3) XML exactly as stored: the hub answers it as an attachment, so a plain link downloads it. */
export const invoiceXmlUrl = (invoiceId: string) => `${invoicePath(invoiceId)}/xml`;

/** KSeF's official receipt (UPO), byte for byte as KSeF served it; the hub answers 404 until KSeF numbered it. */
export const invoiceUpoUrl = (invoiceId: string) => `${invoicePath(invoiceId)}/upo`;

/**
 * A rejected invoice issued again with the buyer fixed, and queued for KSeF: the answer is the invoice as it stands
 * now, which replaces the cached detail; its status changes, so every list page is stale. A refusal (409: it is no
 * longer rejected) means the detail on screen is out of date, so it is fetched again too.
 */
export function useTechnicalCorrection() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ invoiceId, ...request }: TechnicalCorrectionRequest & { invoiceId: string }) =>
      api.post<InvoiceDetail>(`${invoicePath(invoiceId)}/technical-correction`, request),
    onSuccess: (invoice) => {
      queryClient.setQueryData(queryKeys.invoice(invoice.invoiceId), invoice);
      void queryClient.invalidateQueries({ queryKey: queryKeys.invoiceList });
      void queryClient.invalidateQueries({ queryKey: queryKeys.upstream });
    },
    onError: (_error, { invoiceId }) => queryClient.invalidateQueries({ queryKey: queryKeys.invoice(invoiceId) }),
  });
}

/** Issuing numbers the invoice from the store's series: the new one heads the list, so every page is stale. */
export function useIssueInvoice() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: IssueInvoiceRequest) => api.post<InvoiceDetail>(BASE, request),
    onSuccess: (invoice) => {
      queryClient.setQueryData(queryKeys.invoice(invoice.invoiceId), invoice);
      void queryClient.invalidateQueries({ queryKey: queryKeys.invoiceList });
    },
  });
}

/** The correcting invoice (KOR) of a refund of the invoice's sale: a new invoice, so every list page is stale too. */
export function useIssueCorrection() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ invoiceId, refundId }: { invoiceId: string; refundId: string }) =>
      api.post<InvoiceDetail>(`${invoicePath(invoiceId)}/corrections`, { refundId }),
    onSuccess: (correction) => {
      queryClient.setQueryData(queryKeys.invoice(correction.invoiceId), correction);
      void queryClient.invalidateQueries({ queryKey: queryKeys.invoiceList });
    },
  });
}

/** A print job on the receipt printer: the Hardware screen's queue shows it from now on. */
export function usePrintInvoice() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ invoiceId, printerId }: { invoiceId: string; printerId?: string }) =>
      api.post<{ jobId: string }>(`${invoicePath(invoiceId)}/print`, printerId ? { printerId } : {}),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.hardware }),
  });
}

export function useInvoicingSettings() {
  return useQuery({
    queryKey: queryKeys.invoicingSettings,
    queryFn: () => api.get<InvoicingSettingsView>(SETTINGS),
  });
}

/** Both saves answer the whole settings view, which replaces the cached one (the key is never in it). */
function useSettingsSave<I>(path: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: I) => api.put<InvoicingSettingsView>(path, body),
    onSuccess: (saved) => queryClient.setQueryData(queryKeys.invoicingSettings, saved),
  });
}

export const useSaveInvoicingSettings = () => useSettingsSave<InvoicingSettingsUpdate>(SETTINGS);

export const useUploadOfflineCertificate = () => useSettingsSave<OfflineCertificateUpload>(`${SETTINGS}/certificate`);
