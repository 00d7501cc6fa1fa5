import { useId, useState, type ChangeEvent, type FormEvent } from 'react';
import { useUploadOfflineCertificate, type InvoicingSettingsView } from '../../api/invoices.js';
import { Badge } from '../../components/Badge.js';
import { Fact, Facts } from '../../components/Card.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { Field, PinField } from '../../components/Field.js';
import { Time } from '../../components/Time.js';
import {
  EMPTY_CERTIFICATE,
  fromCertificateDraft,
  MAX_PEM_LENGTH,
  PIN_ERRORS,
  type CertificateDraft,
} from './invoicing-form.js';

type Certificate = NonNullable<InvoicingSettingsView['certificate']>;

/** KSeF asks for a new certificate in good time: a month before the end is when to start. */
const RENEW_WITHIN_MS = 30 * 86_400_000;

const KEY_TYPE_TEXT: Record<Certificate['keyType'], string> = { rsa: 'RSA', ec: 'EC (ECDSA P-256)' };

function Validity({ notAfter }: { notAfter: string }) {
  const [now] = useState(() => Date.now());
  const left = Date.parse(notAfter) - now;
  return (
    <>
      <Time iso={notAfter} bare />{' '}
      {left <= 0 ? (
        <Badge tone="bad">Expired</Badge>
      ) : left <= RENEW_WITHIN_MS ? (
        <Badge tone="warn">Renew soon</Badge>
      ) : null}
    </>
  );
}

/** The certificate the hub signs KOD II with: what it is, never its key. */
function CurrentCertificate({ certificate }: { certificate: Certificate | null }) {
  if (!certificate)
    return (
      <p role="status" aria-label="Offline certificate">
        None: without it the hub cannot sign KOD II, so it cannot issue invoices offline.
      </p>
    );
  return (
    <Facts>
      <Fact label="Serial number" mono>
        {certificate.serial}
      </Fact>
      <Fact label="Subject">{certificate.subject}</Fact>
      <Fact label="Valid until">
        <Validity notAfter={certificate.notAfter} />
      </Fact>
      <Fact label="Key type">{KEY_TYPE_TEXT[certificate.keyType]}</Fact>
    </Facts>
  );
}

/**
 * A PEM text, pasted or read from its file (FileReader: the file never leaves this computer except in the upload).
 * The file chooser is emptied after reading, so choosing the same file again reads it again.
 */
function PemField({
  label,
  fileLabel,
  hint,
  value,
  onChange,
}: {
  label: string;
  fileLabel: string;
  hint: string;
  value: string;
  onChange: (value: string) => void;
}) {
  const id = useId();
  const [fileProblem, setFileProblem] = useState<string | null>(null);

  function read(event: ChangeEvent<HTMLInputElement>) {
    const input = event.currentTarget;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    if (file.size > MAX_PEM_LENGTH) {
      setFileProblem(`${file.name} is too large for a PEM file (at most 64 KB).`);
      return;
    }
    const reader = new FileReader();
    reader.onload = () => {
      setFileProblem(null);
      onChange(typeof reader.result === 'string' ? reader.result : '');
    };
    reader.onerror = () => setFileProblem(`${file.name} could not be read.`);
    reader.readAsText(file);
  }

  return (
    <div className="field pem-field">
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        className="mono"
        rows={5}
        spellCheck={false}
        autoComplete="off"
        maxLength={MAX_PEM_LENGTH}
        aria-describedby={`${id}-hint`}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
      <p className="field-hint" id={`${id}-hint`}>
        {hint}
      </p>
      <Field label={fileLabel} type="file" accept=".pem,.crt,.cer,.key,text/plain" onChange={read} />
      <ErrorMessage text={fileProblem} />
    </div>
  );
}

/**
 * The KSeF offline certificate and its private key, which sign KOD II on every invoice issued offline. The hub
 * checks the pair before storing it (key matches, offline usage, still valid) and says what is wrong. The key is
 * sent once with the PIN and emptied from the form once stored; the hub never shows it back.
 */
export function InvoicingCertificateForm({ certificate }: { certificate: InvoicingSettingsView['certificate'] }) {
  const [draft, setDraft] = useState<CertificateDraft>(EMPTY_CERTIFICATE);
  const [problem, setProblem] = useState<string | null>(null);
  const upload = useUploadOfflineCertificate();
  const set = <K extends keyof CertificateDraft>(key: K, value: CertificateDraft[K]) =>
    setDraft((current) => ({ ...current, [key]: value }));

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    upload.reset();
    const result = fromCertificateDraft(draft);
    setProblem('problem' in result ? result.problem : null);
    if (!('upload' in result)) return;
    upload.mutate(result.upload, {
      onSuccess: () => setDraft(EMPTY_CERTIFICATE),
      onSettled: () => set('pin', ''),
    });
  }

  const current = upload.data?.certificate ?? certificate;
  return (
    <form className="form invoicing-certificate" aria-label="Offline certificate" onSubmit={submit} noValidate>
      <h3>Offline certificate (KOD II)</h3>
      <CurrentCertificate certificate={current} />
      <PemField
        label={current ? 'New certificate (PEM)' : 'Certificate (PEM)'}
        fileLabel="Read the certificate from a file"
        hint="The KSeF offline certificate (type Offline), as downloaded from KSeF."
        value={draft.certificatePem}
        onChange={(value) => set('certificatePem', value)}
      />
      <PemField
        label="Private key (PEM)"
        fileLabel="Read the private key from a file"
        hint="The key the certificate was requested with. Kept in the hub’s secret store and never shown again."
        value={draft.privateKeyPem}
        onChange={(value) => set('privateKeyPem', value)}
      />
      <div className="limits">
        <Field
          label="Key passphrase"
          type="password"
          autoComplete="off"
          maxLength={1024}
          hint="Only if the key is protected by one."
          value={draft.passphrase}
          onChange={(e) => set('passphrase', e.target.value)}
        />
        <PinField label="Your PIN" required value={draft.pin} onChange={(e) => set('pin', e.target.value)} />
      </div>
      <ErrorMessage text={problem} error={upload.error} messages={PIN_ERRORS} />
      {upload.isSuccess ? (
        <p className="notice" role="status">
          Stored. Invoices issued offline from now on are signed with this certificate.
        </p>
      ) : null}
      <div className="actions">
        <button type="submit" className="button primary" disabled={upload.isPending}>
          {upload.isPending ? 'Checking…' : 'Upload certificate'}
        </button>
      </div>
    </form>
  );
}
