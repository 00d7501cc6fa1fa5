import { useCreatePairingCode } from '../../api/devices.js';
import { useOverview } from '../../api/overview.js';
import { Card, Fact, Facts } from '../../components/Card.js';
import { Countdown } from '../../components/Countdown.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { groupCode, isLoopbackUrl, pairingPayload } from './pairing-payload.js';
import { PairingQr } from './PairingQr.js';

/**
 * Pairing a till: a single-use code valid for 10 minutes, and a QR code with the hub's address and TLS fingerprint
 * so the till can find the hub and trust it. The new device appears in the list below once it pairs.
 */
export function PairingPanel({ onClose }: { onClose: () => void }) {
  const create = useCreatePairingCode();
  const overview = useOverview();
  const pairing = create.data;

  if (!pairing) {
    return (
      <Card title="Pair a device">
        <p>
          Create a single-use code, then enter it on the till (or scan the QR code). The code works once, for 10
          minutes.
        </p>
        <ErrorMessage error={create.error} />
        <div className="actions">
          <button type="button" className="button primary" onClick={() => create.mutate()} disabled={create.isPending}>
            {create.isPending ? 'Creating…' : 'Create pairing code'}
          </button>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </Card>
    );
  }

  const payload = overview.data ? pairingPayload(overview.data, pairing) : undefined;
  return (
    <Card title="Pair a device" className="pairing">
      <div className="pairing-body">
        <div className="pairing-code-block">
          <Facts>
            <Fact label="Pairing code">
              <span className="pairing-code">{groupCode(pairing.code)}</span>
            </Fact>
            <Fact label="Expires in">
              <Countdown until={pairing.expiresAt} expiredText="Expired. Create a new code." />
            </Fact>
            {payload ? (
              <>
                <Fact label="Hub address" mono>
                  {payload.url}
                </Fact>
                <Fact label="Port" mono>
                  {String(payload.port)}
                </Fact>
                <Fact label="Fingerprint" mono>
                  <span className="fingerprint">{payload.fingerprint}</span>
                </Fact>
              </>
            ) : null}
          </Facts>
          <ErrorMessage error={overview.error ?? create.error} />
          {payload && isLoopbackUrl(payload.url) ? (
            <p className="card-note">
              The hub reports a loopback address, which only works on this computer. A till elsewhere on the store
              network finds the hub by mDNS, or needs this computer’s network address entered by hand.
            </p>
          ) : null}
          <div className="actions">
            <button type="button" className="button" onClick={() => create.mutate()} disabled={create.isPending}>
              New code
            </button>
            <button type="button" className="button" onClick={onClose}>
              Done
            </button>
          </div>
        </div>
        {payload ? (
          <PairingQr text={JSON.stringify(payload)} label={`QR code for pairing code ${groupCode(pairing.code)}`} />
        ) : null}
      </div>
    </Card>
  );
}
