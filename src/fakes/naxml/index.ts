export { startNaxmlFake } from './server.js';
export type { AppliedDocument, NaxmlFake, NaxmlFakeAuth, NaxmlFakeOptions, NaxmlRequestLogEntry } from './server.js';
export type { NaxmlFault } from './faults.js';
export { HUGE_ANSWER_BYTES, type HostileAck } from './hostile-answers.js';
export type { AckStatus } from './acknowledgement.js';
export type { NaxmlDocumentType } from './layouts.js';
