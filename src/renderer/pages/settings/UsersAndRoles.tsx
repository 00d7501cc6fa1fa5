import type { Role } from '../../api/types.js';
import { useUser } from '../../auth/SessionContext.js';
import { ROLE_ABILITIES } from '../../auth/roles.js';
import { Fact, Facts } from '../../components/Card.js';

const ROLES: readonly Role[] = ['owner', 'manager', 'cashier'];

/** Read-only: the hub has no admin endpoint for users yet; they are managed with the `backroom user` command. */
export function UsersAndRoles() {
  const user = useUser();
  return (
    <>
      <p>
        You are logged in as <strong>{user.name}</strong> ({user.role}).
      </p>
      <Facts>
        {ROLES.map((role) => (
          <Fact key={role} label={role.charAt(0).toUpperCase() + role.slice(1)}>
            {ROLE_ABILITIES[role]}
          </Fact>
        ))}
      </Facts>
      <p className="card-note">
        Add users on the back-office computer with{' '}
        <code>backroom user add &lt;name&gt; --role manager --pin &lt;pin&gt;</code>. This screen cannot list or change
        users yet: the hub has no admin endpoint for them.
      </p>
    </>
  );
}
