export { startKsefFake } from './server.js';
export type { KsefFake, KsefFakeOptions, KsefRequestLogEntry, KsefService } from './server.js';
export type { KsefReceivedInvoice, KsefSessionState, KsefSessionSummary } from './accounting.js';
export type { ForcedRejectionCode } from './faults.js';
export type { InvoicingMode, SessionKind } from './records.js';
export type { LatarniaState } from './latarnia.js';
export type {
  AnnounceOptions,
  EndOptions,
  LatarniaCategory,
  LatarniaMessage,
  LatarniaMessageType,
  LatarniaStatusCode,
} from './latarnia-messages.js';
