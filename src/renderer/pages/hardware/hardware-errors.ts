import { ApiError, describeError } from '../../api/client.js';

/** The hub's refusals of hardware actions, said as what to do next. */
const HARDWARE_MESSAGES: Record<string, string> = {
  PRINTER_EXISTS: 'A printer with this ID already exists. Choose another ID, or edit that printer.',
  CONNECTION_IN_USE:
    'Another printer already uses this port or address. One printer per connection: edit that printer instead.',
  TOO_MANY_PRINTERS: 'This hub already drives the most printers it can (32). Delete one you no longer use first.',
  NO_RECEIPT_PRINTER: 'No printer is set as the default receipt printer. Tick “Default receipt printer” on one.',
  PRINTER_DISABLED: 'This printer is disabled. A manager enables it again in Settings → Printers.',
  DRAWER_NOT_WIRED: 'No cash drawer is wired to this printer. Set its drawer wiring in Settings → Printers.',
  PRINTER_HAS_JOBS:
    'This printer still has queued or uncertain jobs, so it cannot be deleted. Let them print, or reprint or drop them on the Hardware screen, then delete it.',
  JOB_NOT_UNCERTAIN:
    'This job is no longer uncertain: someone has already decided it. The queue shows it as it is now.',
  JOB_NOT_DROPPABLE:
    'This job can no longer be dropped: it has printed or was already dropped. The queue shows it as it is now.',
};

export function hardwareErrorText(error: unknown): string {
  return (error instanceof ApiError && HARDWARE_MESSAGES[error.code]) || describeError(error);
}
