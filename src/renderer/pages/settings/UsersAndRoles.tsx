import type { Role } from '../../api/types.js';
import { useUsers } from '../../api/users.js';
import { useHasRole, useUser } from '../../auth/SessionContext.js';
import { ROLE_ABILITIES } from '../../auth/roles.js';
import { Badge } from '../../components/Badge.js';
import { Fact, Facts } from '../../components/Card.js';
import { QueryView } from '../../components/QueryView.js';
import { Time } from '../../components/Time.js';
import { AddUserForm } from './AddUserForm.js';

const ROLES: readonly Role[] = ['owner', 'manager', 'cashier'];

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** Who can log in, what each role may do, and (for an owner) adding someone. PINs are never shown or changed here. */
export function UsersAndRoles() {
  const user = useUser();
  const users = useUsers();
  const isOwner = useHasRole('owner');
  return (
    <>
      <p>
        You are logged in as <strong>{user.name}</strong> ({user.role}).
      </p>
      <QueryView query={users} loading="Loading users…">
        {(list) => (
          <Facts>
            {list.map((account) => (
              <Fact key={account.id} label={account.name}>
                {capitalized(account.role)} · added <Time iso={account.createdAt} bare />
                {account.locked ? (
                  <>
                    {' '}
                    <Badge tone="warn">locked</Badge>
                  </>
                ) : null}
              </Fact>
            ))}
          </Facts>
        )}
      </QueryView>
      <Facts>
        {ROLES.map((role) => (
          <Fact key={role} label={capitalized(role)}>
            {ROLE_ABILITIES[role]}
          </Fact>
        ))}
      </Facts>
      {isOwner ? <AddUserForm /> : <p className="card-note">Only an owner can add users.</p>}
    </>
  );
}
