export { startKsefFake } from './server.js';
export type { KsefFake, KsefFakeOptions, KsefRequestLogEntry, KsefService } from './server.js';
export type { LatarniaState } from './latarnia.js';
export type {
  AnnounceOptions,
  EndOptions,
  LatarniaCategory,
  LatarniaMessage,
  LatarniaMessageType,
  LatarniaStatusCode,
} from './latarnia-messages.js';
