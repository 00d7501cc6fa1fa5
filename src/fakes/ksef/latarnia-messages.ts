import { randomUUID } from 'node:crypto';

/**
 * Latarnia's wire model (research/ksef.md §7; field names and values of the official clients' Lighthouse models).
 * Written here from the research, not imported from the hub, so the fake judges the hub's reader instead of echoing it.
 */
export type LatarniaStatusCode = 'AVAILABLE' | 'MAINTENANCE' | 'FAILURE' | 'TOTAL_FAILURE';
export type LatarniaCategory = 'FAILURE' | 'TOTAL_FAILURE' | 'MAINTENANCE';
export type LatarniaMessageType = 'FAILURE_START' | 'FAILURE_END' | 'MAINTENANCE_ANNOUNCEMENT';

export interface LatarniaMessage {
  id: string;
  /** Shared by the messages of one event: a FAILURE_END carries the eventId of the FAILURE_START it closes. */
  eventId: number;
  category: LatarniaCategory;
  type: LatarniaMessageType;
  title: string;
  text: string;
  /** ISO 8601 instants with a zone designator. */
  start: string;
  /** Left out of the JSON while unknown (a failure still going on). */
  end?: string;
  version: number;
  published: string;
}

export interface AnnounceOptions {
  category: LatarniaCategory;
  /** When the failure began, or when the maintenance will begin. */
  start: string;
  /** The planned end of a maintenance window; a failure's end comes later, with `end()`. */
  end?: string;
  /** Defaults to `start`: a failure is announced as it begins. */
  published?: string;
  /** Defaults to the fake's next event number; give one to build a second version of an event's message. */
  eventId?: number;
  version?: number;
  title?: string;
  text?: string;
}

export interface EndOptions {
  /** Defaults to the end instant: the end is announced when it happens. */
  published?: string;
  title?: string;
  text?: string;
}

const DEFAULT_TITLES: Record<LatarniaCategory, string> = {
  FAILURE: 'Awaria KSeF',
  TOTAL_FAILURE: 'Awaria całkowita KSeF',
  MAINTENANCE: 'Planowana niedostępność KSeF',
};

/** Builds messages with event numbers unique within one fake, so tests need not invent them. */
export class LatarniaMessageFactory {
  private lastEventId = 0;

  /** The message that opens an event: FAILURE_START for failures, MAINTENANCE_ANNOUNCEMENT for maintenance. */
  announce(options: AnnounceOptions): LatarniaMessage {
    const eventId = options.eventId ?? (this.lastEventId += 1);
    const title = options.title ?? DEFAULT_TITLES[options.category];
    return {
      id: randomUUID(),
      eventId,
      category: options.category,
      type: options.category === 'MAINTENANCE' ? 'MAINTENANCE_ANNOUNCEMENT' : 'FAILURE_START',
      title,
      text: options.text ?? `${title} od ${options.start}${options.end ? ` do ${options.end}` : ''}.`,
      start: options.start,
      ...(options.end === undefined ? {} : { end: options.end }),
      version: options.version ?? 1,
      published: options.published ?? options.start,
    };
  }

  /**
   * The FAILURE_END that closes `started` at `at`: same event and category, the event's start, and the next version
   * (the research does not say how Latarnia numbers versions; each new message of an event counting up is assumed).
   */
  end(started: LatarniaMessage, at: string, options: EndOptions = {}): LatarniaMessage {
    const title = options.title ?? `Zakończenie: ${started.title}`;
    return {
      id: randomUUID(),
      eventId: started.eventId,
      category: started.category,
      type: 'FAILURE_END',
      title,
      text: options.text ?? `${title} (${started.start} – ${at}).`,
      start: started.start,
      end: at,
      version: started.version + 1,
      published: options.published ?? at,
    };
  }
}
