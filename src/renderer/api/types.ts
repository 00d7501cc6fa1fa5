/** Shapes of the admin API answers the UI uses (see DESIGN.md §3b). */

export type Role = 'owner' | 'manager' | 'cashier';

export interface User {
  id: string;
  name: string;
  role: Role | string;
}

export interface UserResponse {
  user: User;
}

export interface SetupStatus {
  needed: boolean;
}

export interface Health {
  status: 'ok' | string;
  version: string;
  hubId: string;
}

export interface Overview {
  hub: {
    hubId: string;
    storeId: string;
    name: string;
    version: string;
    startedAt: string;
    state: string;
  };
  listeners: {
    ui: { url: string };
    lan: { url: string; tlsFingerprint: string };
  };
  dataDir: string;
  ledger: { cursor: number | string; hash: string; events: number };
  backups: { dir: string; intervalMinutes: number; keep: number; last: string | null };
  mdns: { advertising: boolean; instanceName: string | null };
}
