import { useAlertThresholds, usePaymentPolicy } from '../../api/settings.js';
import { Card } from '../../components/Card.js';
import { PageHeader } from '../../components/PageHeader.js';
import { QueryView } from '../../components/QueryView.js';
import { AlertThresholds } from './AlertThresholds.js';
import { ConnectorsSection } from './ConnectorsSection.js';
import { InvoicingSection } from './InvoicingSection.js';
import { PaymentPolicyForm } from './PaymentPolicyForm.js';
import { PrintersSection } from './PrintersSection.js';
import { UsersAndRoles } from './UsersAndRoles.js';

export function SettingsPage() {
  const policy = usePaymentPolicy();
  const thresholds = useAlertThresholds();
  return (
    <>
      <PageHeader title="Settings" />
      <Card title="Offline card payments">
        <QueryView query={policy} loading="Loading the payment policy…">
          {(data) => <PaymentPolicyForm policy={data} />}
        </QueryView>
      </Card>
      <Card title="Connectors">
        <ConnectorsSection />
      </Card>
      <Card title="Invoicing (KSeF)">
        <InvoicingSection />
      </Card>
      <Card title="Printers">
        <PrintersSection />
      </Card>
      <div className="cards">
        <Card title="Alert thresholds">
          <QueryView query={thresholds} loading="Loading the alert thresholds…">
            {(data) => <AlertThresholds settings={data} />}
          </QueryView>
        </Card>
        <Card title="Users and roles">
          <UsersAndRoles />
        </Card>
      </div>
    </>
  );
}
