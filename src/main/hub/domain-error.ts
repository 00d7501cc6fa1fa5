/**
 * A domain rule's refusal, with a stable code the client can act on. Each domain names its codes in its
 * `*-errors.ts`; the HTTP status of each is http/'s business (`http/domain-error-status.ts`). Nothing was changed
 * when one is thrown.
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
