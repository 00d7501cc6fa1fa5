import { useState } from 'react';
import { useDevices } from '../../api/devices.js';
import type { Device } from '../../api/types.js';
import { useHasRole } from '../../auth/SessionContext.js';
import { Card } from '../../components/Card.js';
import { PageHeader } from '../../components/PageHeader.js';
import { QueryView } from '../../components/QueryView.js';
import { DeviceTable } from './DeviceTable.js';
import { PairingPanel } from './PairingPanel.js';
import { RevokeDialog } from './RevokeDialog.js';

export function DevicesPage() {
  const manager = useHasRole('manager');
  const devices = useDevices();
  const [pairing, setPairing] = useState(false);
  const [revoking, setRevoking] = useState<Device | null>(null);

  return (
    <>
      <PageHeader
        title="Devices"
        intro="Tills and handhelds paired with this hub: whether they are online, what they still have to sync, and how far their clocks are off."
        actions={
          manager && !pairing ? (
            <button type="button" className="button primary" onClick={() => setPairing(true)}>
              Pair a device
            </button>
          ) : null
        }
      />
      {pairing ? <PairingPanel onClose={() => setPairing(false)} /> : null}
      <Card title="Paired devices">
        <QueryView query={devices} loading="Loading devices…">
          {(list) => <DeviceTable devices={list} onRevoke={manager ? setRevoking : undefined} />}
        </QueryView>
      </Card>
      {revoking ? <RevokeDialog device={revoking} onClose={() => setRevoking(null)} /> : null}
    </>
  );
}
