import { useApprovals } from '../../api/approvals.js';
import { useDevices } from '../../api/devices.js';
import type { ApprovalView } from '../../api/types.js';
import { Card } from '../../components/Card.js';
import { PageHeader } from '../../components/PageHeader.js';
import { Pager } from '../../components/Pager.js';
import { QueryView } from '../../components/QueryView.js';
import { usePagedList } from '../../hooks/usePagedList.js';
import { ApprovalCard } from './ApprovalCard.js';
import { ApprovalHistory } from './ApprovalHistory.js';

const HISTORY_PAGE = 20;

function PagedHistory({ approvals, deviceNames }: { approvals: ApprovalView[]; deviceNames: Map<string, string> }) {
  const paged = usePagedList(approvals, HISTORY_PAGE);
  return (
    <>
      <ApprovalHistory approvals={paged.rows} deviceNames={deviceNames} />
      {approvals.length > HISTORY_PAGE ? <Pager label="History pages" {...paged} onGo={paged.go} /> : null}
    </>
  );
}

export function ApprovalsPage() {
  const pending = useApprovals('pending');
  const decided = useApprovals('decided');
  const deviceNames = new Map((useDevices().data ?? []).map((device) => [device.id, device.name]));
  return (
    <>
      <PageHeader
        title="Approvals"
        intro="Card payments taken while the payment processor is out of reach, above what a till may accept alone."
      />
      <section className="stack" aria-label="Pending approvals">
        <QueryView query={pending} loading="Loading approvals…">
          {(list) =>
            list.length === 0 ? (
              <p className="empty">No payment waits for a decision.</p>
            ) : (
              list.map((approval) => (
                <ApprovalCard
                  key={approval.approvalId}
                  approval={approval}
                  deviceName={deviceNames.get(approval.deviceId) ?? approval.deviceId}
                />
              ))
            )
          }
        </QueryView>
      </section>
      <Card title="History">
        <QueryView query={decided} loading="Loading history…">
          {(list) => <PagedHistory approvals={list} deviceNames={deviceNames} />}
        </QueryView>
      </Card>
    </>
  );
}
