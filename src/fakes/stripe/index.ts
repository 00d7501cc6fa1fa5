export { startStripeFake } from './server.js';
export type { RequestLogEntry, RequestOutcome, StripeFake, StripeFakeOptions } from './server.js';
export type { AppliedCounts } from './account.js';
export type { Fault, FaultMatch } from './faults.js';
export type { ReaderPayment } from './payment-intents.js';
export type { RateLimitOptions } from './rate-limit.js';
export type { ChargeObject, PaymentIntentObject, PaymentIntentStatus, RefundObject } from './objects.js';
