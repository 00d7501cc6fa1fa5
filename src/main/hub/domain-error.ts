/**
 * A domain rule's refusal, with a stable code the client can act on. Each domain names its codes (and the HTTP
 * status of each, in its `*-errors.ts`); nothing was changed when one is thrown.
 */
export class DomainError<Code extends string> extends Error {
  constructor(
    readonly code: Code,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
