import { Link, useParams } from 'react-router';
import { useDevices } from '../../api/devices.js';
import { useEventDetail } from '../../api/events.js';
import type { EventDetail } from '../../api/types.js';
import { Badge } from '../../components/Badge.js';
import { Card, Fact, Facts } from '../../components/Card.js';
import { JsonBlock } from '../../components/JsonBlock.js';
import { PageHeader } from '../../components/PageHeader.js';
import { QueryView } from '../../components/QueryView.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { recordStatus } from '../../components/sync-status.js';
import { Time } from '../../components/Time.js';
import { SaleInvoiceCard } from '../invoices/SaleInvoiceCard.js';
import { summarize } from './event-summary.js';

function SignatureCheck({ signature }: { signature: EventDetail['signature'] }) {
  if (!signature.checked) return <Badge tone="off">Not signed: made by the hub</Badge>;
  if (signature.ok) return <Badge tone="ok">Valid device signature</Badge>;
  return <Badge tone="bad">Invalid: {signature.reason ?? 'does not verify'}</Badge>;
}

function ChainCheck({ chain }: { chain: EventDetail['chain'] }) {
  return chain.ok ? (
    <Badge tone="ok">Intact: linked to the record before</Badge>
  ) : (
    <Badge tone="bad">Broken: {chain.reason ?? 'hash mismatch'}</Badge>
  );
}

function EventView({ detail }: { detail: EventDetail }) {
  const { record } = detail;
  const event = record.event as Record<string, unknown> & { deviceId?: string; seq?: number; actor?: string };
  const deviceName = useDevices().data?.find((device) => device.id === event.deviceId)?.name;
  const payload = event.payload as { saleId?: unknown } | undefined;
  // A completed sale is what a VAT invoice is issued for; refunds and voids are not invoiced from here.
  const saleId = event.type === 'sale.complete' && typeof payload?.saleId === 'string' ? payload.saleId : null;
  return (
    <>
      <div className="cards">
        <Card title="Record" aside={<StatusBadge status={recordStatus(record.status)} />}>
          <Facts>
            <Fact label="Type" mono>
              {String(event.type)} v{String(event.v)}
            </Fact>
            <Fact label="Recorded">
              <Time iso={record.recordedAt} />
            </Fact>
            <Fact label="Occurred">
              <Time iso={String(event.occurredAt)} bare />
            </Fact>
            <Fact label="From">
              {event.deviceId ? `${deviceName ?? event.deviceId}, seq ${event.seq}` : `Hub (${event.actor ?? '—'})`}
            </Fact>
            <Fact label="Event ID" mono>
              {String(event.id)}
            </Fact>
            {typeof event.basis === 'number' ? <Fact label="Device had seen">up to cursor {event.basis}</Fact> : null}
          </Facts>
        </Card>
        <Card title="Integrity">
          <Facts>
            <Fact label="Signature">
              <SignatureCheck signature={detail.signature} />
            </Fact>
            <Fact label="Chain">
              <ChainCheck chain={detail.chain} />
            </Fact>
            <Fact label="Position" mono>
              cursor {record.cursor}
            </Fact>
            <Fact label="Previous hash" mono>
              <span className="fingerprint">{detail.prevHash}</span>
            </Fact>
            <Fact label="Hash" mono>
              <span className="fingerprint">{detail.hash}</span>
            </Fact>
          </Facts>
          <nav className="actions" aria-label="Neighbouring records">
            {record.cursor > 1 ? (
              <Link className="button" to={`/activity/${record.cursor - 1}`}>
                ← #{record.cursor - 1}
              </Link>
            ) : null}
            <Link className="button" to={`/activity/${record.cursor + 1}`}>
              #{record.cursor + 1} →
            </Link>
          </nav>
        </Card>
      </div>
      {saleId ? <SaleInvoiceCard saleId={saleId} status={record.status} summary={summarize(record)} /> : null}
      <div className="cards">
        <Card title="Payload">
          <JsonBlock value={event.payload} label="Payload" />
        </Card>
        {record.outcome ? (
          <Card title="Outcome">
            <JsonBlock value={record.outcome} label="Outcome" />
          </Card>
        ) : null}
      </div>
    </>
  );
}

export function EventDetailPage() {
  const cursor = Number(useParams().cursor);
  const detail = useEventDetail(cursor);
  return (
    <>
      <PageHeader
        title={`Event #${cursor}`}
        actions={
          <Link className="button" to="/activity">
            Back to activity
          </Link>
        }
      />
      <QueryView query={detail} loading="Checking the record…">
        {(data) => <EventView detail={data} />}
      </QueryView>
    </>
  );
}
