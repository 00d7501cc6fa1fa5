import { useInvoicingSettings } from '../../api/invoices.js';
import { QueryView } from '../../components/QueryView.js';
import { InvoicingCertificateForm } from './InvoicingCertificateForm.js';
import { InvoicingSettingsForm } from './InvoicingSettingsForm.js';

/** Settings → Invoicing (KSeF, issue 9): the seller and numbering, then the offline certificate for KOD II. */
export function InvoicingSection() {
  const settings = useInvoicingSettings();
  return (
    <QueryView query={settings} loading="Loading the invoicing settings…">
      {(data) => (
        <div className="stack">
          <InvoicingSettingsForm settings={data} />
          <InvoicingCertificateForm certificate={data.certificate} />
        </div>
      )}
    </QueryView>
  );
}
