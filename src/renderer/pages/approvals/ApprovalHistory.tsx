import { createColumnHelper } from '@tanstack/react-table';
import { Link } from 'react-router';
import type { ApprovalView } from '../../api/types.js';
import { DataTable } from '../../components/DataTable.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { approvalStatus } from '../../components/sync-status.js';
import { Time } from '../../components/Time.js';
import { formatMoney } from '../../format.js';
import { expiryText, reasonText } from './approval-copy.js';

const column = createColumnHelper<ApprovalView>();

export function ApprovalHistory({
  approvals,
  deviceNames,
}: {
  approvals: ApprovalView[];
  deviceNames: ReadonlyMap<string, string>;
}) {
  const columns = [
    column.display({ id: 'amount', header: 'Amount', cell: ({ row }) => formatMoney(row.original.amount) }),
    column.display({
      id: 'device',
      header: 'Device',
      cell: ({ row: { original: a } }) => deviceNames.get(a.deviceId) ?? a.deviceId,
    }),
    column.display({ id: 'why', header: 'Why it was asked', cell: ({ row }) => reasonText(row.original) }),
    column.display({
      id: 'decision',
      header: 'Decision',
      cell: ({ row: { original: a } }) => (
        <>
          <StatusBadge status={approvalStatus(a.status)} />
          {a.expiry ? (
            <p className="cell-note">
              {expiryText(a)}{' '}
              {a.expiry.tillCursor ? (
                <Link to={`/activity/${a.expiry.tillCursor}`}>Ledger record #{a.expiry.tillCursor}</Link>
              ) : null}
            </p>
          ) : null}
        </>
      ),
    }),
    column.display({ id: 'by', header: 'By', cell: ({ row }) => row.original.decidedBy ?? '—' }),
    column.display({ id: 'at', header: 'Closed', cell: ({ row }) => <Time iso={row.original.decidedAt} /> }),
  ];
  return (
    <DataTable
      caption="Decided and expired approvals"
      data={approvals}
      columns={columns}
      getRowId={(a) => a.approvalId}
      empty="No decisions yet."
    />
  );
}
