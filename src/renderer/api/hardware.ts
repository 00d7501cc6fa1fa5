import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  DrawerKickView,
  PrinterConfig,
  PrinterSettings,
  PrintJobState,
  PrintJobView,
  PrinterView,
} from '../../shared/protocol/printing.js';
import { api, queryString } from './client.js';
import { queryKeys } from './keys.js';

export type { DrawerKickView, PrinterConfig, PrinterSettings, PrintJobState, PrintJobView, PrinterView };

/** What `GET /v1/admin/stream` sends when a printer's state, one of its jobs or a drawer kick changes. */
export interface HardwareNotice {
  type: 'hardware';
  printerId: string;
}

export interface PrintJobPage {
  jobs: PrintJobView[];
  nextBefore: string | null;
}

export interface DrawerKickPage {
  kicks: DrawerKickView[];
  nextBefore: string | null;
}

export interface PrintJobFilter {
  printerId?: string;
  state?: PrintJobState;
}

export const HARDWARE_PAGE_SIZE = 25;

const printerPath = (id: string) => `/v1/admin/printers/${encodeURIComponent(id)}`;
const jobPath = (id: string) => `/v1/admin/print-jobs/${encodeURIComponent(id)}`;

export const fetchPrinters = async () => (await api.get<{ printers: PrinterView[] }>('/v1/admin/printers')).printers;

/** Printers follow the admin stream's `hardware` notices, like devices follow heartbeats: no polling. */
export function usePrinters() {
  return useQuery({ queryKey: queryKeys.printers, queryFn: fetchPrinters });
}

/** One page of a printer queue, newest first; `before` is the last job id of the page above. */
export function usePrintJobs(filter: PrintJobFilter, before: string | undefined) {
  const query = queryString({ ...filter, limit: HARDWARE_PAGE_SIZE, before });
  return useQuery({
    queryKey: [...queryKeys.printJobs, query],
    queryFn: () => api.get<PrintJobPage>(`/v1/admin/print-jobs?${query}`),
    placeholderData: (previous) => previous,
  });
}

/** One page of the drawer log (every opening, sent or dropped), newest first. */
export function useDrawerKicks(drawerId: string | undefined, before: string | undefined) {
  const query = queryString({ drawerId, limit: HARDWARE_PAGE_SIZE, before });
  return useQuery({
    queryKey: [...queryKeys.drawerKicks, query],
    queryFn: () => api.get<DrawerKickPage>(`/v1/admin/drawer-kicks?${query}`),
    placeholderData: (previous) => previous,
  });
}

/** Every hardware mutation changes what the printer cards, the queue and the drawer log show. */
function useHardwareMutation<I, O>(mutationFn: (input: I) => Promise<O>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    // Refused ones too: a 409 means the list on screen is out of date.
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.hardware }),
  });
}

export const useCreatePrinter = () =>
  useHardwareMutation((config: PrinterConfig) => api.post<PrinterView>('/v1/admin/printers', config));

export const useUpdatePrinter = () =>
  useHardwareMutation(({ id, settings }: { id: string; settings: PrinterSettings }) =>
    api.put<PrinterView>(printerPath(id), settings),
  );

export const useDeletePrinter = () => useHardwareMutation((id: string) => api.delete(printerPath(id)));

export const useTestPrint = () =>
  useHardwareMutation((printerId: string) => api.post<PrintJobView>(`${printerPath(printerId)}/test-print`));

/** The store's end-of-day report for today (its business day), on this printer. */
export const usePrintEndOfDay = () =>
  useHardwareMutation((printerId: string) =>
    api.post<PrintJobView>('/v1/admin/print-jobs', { printerId, kind: 'end_of_day' }),
  );

export const useReprintJob = () =>
  useHardwareMutation((jobId: string) => api.post<PrintJobView>(`${jobPath(jobId)}/reprint`));

export const useDropJob = () =>
  useHardwareMutation(({ jobId, reason }: { jobId: string; reason?: string }) =>
    api.post<PrintJobView>(`${jobPath(jobId)}/drop`, reason ? { reason } : {}),
  );

export const useOpenDrawer = () =>
  useHardwareMutation(({ drawerId, reason }: { drawerId: string; reason: string }) =>
    api.post<DrawerKickView>(`/v1/admin/drawers/${encodeURIComponent(drawerId)}/open`, { reason }),
  );
