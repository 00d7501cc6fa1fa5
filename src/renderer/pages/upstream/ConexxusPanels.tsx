import { useUpstreamJobs, type UpstreamJobFilter } from '../../api/upstream.js';
import { BeforePages } from '../../components/BeforePager.js';
import { Card } from '../../components/Card.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { useBeforePosition } from '../../hooks/before-pages.js';
import { CONEXXUS_CONNECTOR } from '../../../shared/protocol/conexxus-views.js';
import { ConexxusEndOfDay } from './ConexxusEndOfDay.js';
import { useJobActions } from './ConexxusJobActions.js';
import { UpstreamJobTable } from './UpstreamJobTable.js';

/** Every sale, refund and void is one journal job; nothing else of the connector belongs in this list. */
const JOURNAL: UpstreamJobFilter = { connector: CONEXXUS_CONNECTOR, kind: 'journal' };

const RETRIED =
  'Retry asked: the entry is due now. It keeps its file name, so a resend overwrites and never duplicates.';

/** The POS journal queue: the outbox's own job table, narrowed to Conexxus journal entries. */
function PosJournal({ canAct }: { canAct: boolean }) {
  const { position, before, go } = useBeforePosition<number>();
  const pages = useUpstreamJobs(JOURNAL, before);
  const { act, busy, outcome } = useJobActions(RETRIED);
  return (
    <Card title="POS journal">
      <p className="card-note">One document per sale, refund and void, sent as it is recorded.</p>
      <ErrorMessage error={pages.error} />
      {outcome}
      <BeforePages pages={pages} label="POS journal pages" position={position} onGo={go} loading="Loading the journal…">
        {(data) => <UpstreamJobTable jobs={data.jobs} busy={busy} onAction={canAct ? act : undefined} />}
      </BeforePages>
    </Card>
  );
}

/** Conexxus's own part of the screen (DESIGN §6): the end of day of each business date, and the POS journal. */
export function ConexxusPanels({ canAct }: { canAct: boolean }) {
  return (
    <>
      <ConexxusEndOfDay canAct={canAct} />
      <PosJournal canAct={canAct} />
    </>
  );
}
