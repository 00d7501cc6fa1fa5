/**
 * What an auth hook demands of a caller, recorded on the hook itself so the OpenAPI document is derived from the
 * hooks a route really runs: a route cannot be documented as open while refusing anonymous callers, or the reverse.
 */
export interface AuthRequirement {
  /** The security scheme of the OpenAPI document (create-server registers both). */
  scheme: 'deviceToken' | 'adminSession';
  /** The `error.code`s of its 401 answers. */
  unauthenticated: readonly string[];
  /** Set when a logged-in caller can still be refused with 403 FORBIDDEN for lacking this role. */
  role?: string;
}

const requirements = new WeakMap<object, AuthRequirement>();

export function declareAuth<Hook extends object>(hook: Hook, requirement: AuthRequirement): Hook {
  requirements.set(hook, requirement);
  return hook;
}

/** The requirement of the first declared auth hook among a route's hooks (one function or an array of them). */
export function authRequirementOf(...hooks: unknown[]): AuthRequirement | undefined {
  for (const hook of hooks.flat()) {
    const requirement = typeof hook === 'function' ? requirements.get(hook) : undefined;
    if (requirement) return requirement;
  }
  return undefined;
}
