import { isRevocation } from './simulated-device.js';
import type { StaffMember } from './staff.js';

/** The progress lines of a simulated day, and the errors it ran into. */
export class Journal {
  readonly errors: string[] = [];

  constructor(
    private readonly report: (line: string) => void,
    /** every device's every action, or only what happens to the store as a whole */
    private readonly verbose: boolean,
  ) {}

  store(text: string): void {
    this.report(`${clockTime()}  ${text}`);
  }

  device(name: string, text: string): void {
    if (this.verbose) this.report(`${clockTime()}  ${name.padEnd(11)} ${text}`);
  }

  error(name: string, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.errors.push(`${name}: ${message}`);
    this.store(`${name}: ${message}`);
  }
}

/**
 * One action of one member of staff. A device the manager revoked leaves the store (false); any other failure is
 * noted and the day goes on, as it would in a shop.
 */
export async function perform(member: StaffMember, deliberate: boolean, journal: Journal): Promise<boolean> {
  try {
    if (deliberate) await member.deliberateConflict();
    else await member.act();
    return true;
  } catch (error) {
    if (isRevocation(error)) {
      journal.store(`${member.sim.name} was revoked by the manager and leaves the store`);
      return false;
    }
    journal.error(member.sim.name, error);
    return true;
  }
}

function clockTime(): string {
  return new Date().toTimeString().slice(0, 8);
}
