import { createColumnHelper } from '@tanstack/react-table';
import { Link } from 'react-router';
import type { StockLevelView } from '../../api/stock.js';
import { Badge } from '../../components/Badge.js';
import { DataTable } from '../../components/DataTable.js';
import { formatCount } from '../../format.js';
import { discrepancyReason, lastCountText } from './stock-copy.js';

const column = createColumnHelper<StockLevelView>();

export const productPath = (productId: string) => `/stock/products/${encodeURIComponent(productId)}`;

/** Negative and discrepant levels say so in words beside a mark, never by colour alone. */
function Marks({ level }: { level: StockLevelView }) {
  if (!level.negative && !level.discrepant) return <span className="muted">—</span>;
  return (
    <span className="stock-marks">
      {level.negative ? <Badge tone="bad">Negative</Badge> : null}
      {level.discrepant ? (
        <>
          <Badge tone="warn">Discrepant</Badge>
          <span className="small muted">{discrepancyReason(level)}</span>
        </>
      ) : null}
    </span>
  );
}

export function StockLevels({ levels }: { levels: StockLevelView[] }) {
  const columns = [
    column.display({
      id: 'product',
      header: 'Product',
      cell: ({ row: { original: l } }) => (
        <Link
          to={productPath(l.productId)}
          className="strong-link"
          title="Every record that changed this product’s stock"
        >
          {l.productName}
        </Link>
      ),
    }),
    column.display({
      id: 'location',
      header: 'Location',
      cell: ({ row: { original: l } }) => `${l.locationName}${l.locationActive ? '' : ' (inactive)'}`,
    }),
    column.display({
      id: 'quantity',
      header: 'On the books',
      cell: ({ row: { original: l } }) => (
        <span className={l.negative ? 'stock-negative' : undefined}>
          {formatCount(l.quantity)} <span className="muted small">{l.unit}</span>
        </span>
      ),
    }),
    column.display({ id: 'marks', header: 'Marks', cell: ({ row }) => <Marks level={row.original} /> }),
    column.display({
      id: 'count',
      header: 'Last count',
      cell: ({ row: { original: l } }) =>
        l.lastCount ? (
          <Link to={`/activity/${l.lastCount.cursor}`}>{lastCountText(l)}</Link>
        ) : (
          <span className="muted">Never counted</span>
        ),
    }),
    column.display({
      id: 'conflicts',
      header: 'Open conflicts',
      cell: ({ row: { original: l } }) => {
        const [oldest] = l.conflictIds;
        if (!oldest) return <span className="muted">None</span>;
        const link = `/conflicts/${encodeURIComponent(oldest)}`;
        if (l.conflictIds.length === 1) return <Link to={link}>Open the conflict</Link>;
        // A busy day can leave dozens at one place: the oldest here, every one in the list of open stock conflicts.
        return (
          <span className="stock-conflict-links">
            <Link to={link}>Open the oldest</Link>
            <span className="small muted">{formatCount(l.conflictIds.length)} open, all listed above</span>
          </span>
        );
      },
    }),
    column.display({
      id: 'moved',
      header: 'Last moved',
      cell: ({ row: { original: l } }) => (
        <Link to={`/activity/${l.lastMovedCursor}`} className="mono" aria-label={`Event ${l.lastMovedCursor}`}>
          #{l.lastMovedCursor}
        </Link>
      ),
    }),
  ];
  return (
    <DataTable
      caption="Stock per product and location"
      data={levels}
      columns={columns}
      getRowId={(l) => `${l.productId}\u0000${l.locationId}`}
      empty="No stock matches these filters."
    />
  );
}
