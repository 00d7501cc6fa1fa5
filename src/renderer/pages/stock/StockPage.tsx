import { Link, useSearchParams } from 'react-router';
import { STOCK_PAGE_SIZE, useStock, type StockList } from '../../api/stock.js';
import { Card } from '../../components/Card.js';
import { PageHeader } from '../../components/PageHeader.js';
import { Pager } from '../../components/Pager.js';
import { PendingNote } from '../../components/PendingNote.js';
import { QueryErrors } from '../../components/QueryErrors.js';
import { formatCount } from '../../format.js';
import { usePagedList } from '../../hooks/usePagedList.js';
import { readStockParams, stockQuery, writeStockParams } from './stock-params.js';
import { StockConflicts } from './StockConflicts.js';
import { StockFilters } from './StockFilters.js';
import { StockLevels } from './StockLevels.js';

const CONFLICTS_PER_PAGE = 10;

/** The open stock conflicts, newest first as on the Conflicts screen, a few at a time: a busy day can leave many. */
function PagedConflicts({ list }: { list: StockList }) {
  const paged = usePagedList([...list.conflicts].reverse(), CONFLICTS_PER_PAGE);
  return (
    <>
      <StockConflicts conflicts={paged.rows} products={list.products} locations={list.locations} />
      {list.conflicts.length > CONFLICTS_PER_PAGE ? <Pager label="Conflict pages" {...paged} onGo={paged.go} /> : null}
    </>
  );
}

/** "Levels 101–200 of 340" and the buttons to the neighbouring pages. */
function OffsetPager({
  offset,
  shown,
  total,
  onGo,
}: {
  offset: number;
  shown: number;
  total: number;
  onGo: (offset: number) => void;
}) {
  if (total <= STOCK_PAGE_SIZE && offset === 0) return null;
  return (
    <nav className="pager" aria-label="Stock pages">
      <span className="muted small pager-position">
        Levels {formatCount(shown === 0 ? 0 : offset + 1)}–{formatCount(offset + shown)} of {formatCount(total)}
      </span>
      <button
        type="button"
        className="button"
        disabled={offset === 0}
        onClick={() => onGo(Math.max(0, offset - STOCK_PAGE_SIZE))}
      >
        ← Previous
      </button>
      <button
        type="button"
        className="button"
        disabled={offset + shown >= total}
        onClick={() => onGo(offset + STOCK_PAGE_SIZE)}
      >
        Next →
      </button>
    </nav>
  );
}

/**
 * What the books hold per product × location, marked where they cannot be taken at their word (negative, or
 * discrepant: an open stock conflict names the place, or its last count differed), with those conflicts beside them.
 */
export function StockPage() {
  const [params, setParams] = useSearchParams();
  const { filters, offset } = readStockParams(params);
  const stock = useStock(stockQuery(filters, offset, STOCK_PAGE_SIZE));
  const list = stock.data;
  const marked = list?.levels.filter((level) => level.negative || level.discrepant).length ?? 0;

  return (
    <>
      <PageHeader
        title="Stock"
        intro="What the books hold per product and location. Open a product for every record that changed its stock."
        actions={
          <Link to="/stock/count-sheet" className="button">
            Count sheet
          </Link>
        }
      />
      <StockFilters
        key={params.toString()}
        filters={filters}
        products={list?.products ?? []}
        locations={list?.locations ?? []}
        onApply={(next) => setParams(writeStockParams(next))}
      />
      <QueryErrors errors={[stock.error]} />
      {list && list.conflicts.length > 0 ? (
        <Card
          title="Open stock conflicts"
          aside={<span className="muted small">{formatCount(list.conflicts.length)} waiting for a decision</span>}
        >
          <PagedConflicts list={list} />
        </Card>
      ) : null}
      <Card
        title="Stock levels"
        aside={
          list && marked > 0 ? (
            <span className="muted small">{formatCount(marked)} marked on this page</span>
          ) : undefined
        }
      >
        {list ? (
          <>
            <StockLevels levels={list.levels} />
            <OffsetPager
              offset={list.offset}
              shown={list.levels.length}
              total={list.total}
              onGo={(next) => setParams(writeStockParams(filters, next))}
            />
          </>
        ) : (
          <PendingNote query={stock} loading="Loading stock…" />
        )}
      </Card>
    </>
  );
}
