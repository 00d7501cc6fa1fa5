import { useState } from 'react';

type Outcome = 'idle' | 'copied' | 'failed';

/**
 * A long identifier in monospace with a button that copies it, for pasting into the processor's dashboard or a support
 * ticket. The clipboard is refused on plain-http LAN addresses; the text stays selectable for copying by hand.
 */
export function CopyText({ text, label }: { text: string; label: string }) {
  const [outcome, setOutcome] = useState<Outcome>('idle');
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setOutcome('copied');
    } catch {
      setOutcome('failed');
    }
  }
  return (
    <span className="copy-text">
      <code className="mono">{text}</code>
      <button type="button" className="button small" onClick={() => void copy()} aria-label={`Copy ${label}`}>
        Copy
      </button>
      {outcome === 'idle' ? null : (
        <span className="muted small" role="status">
          {outcome === 'copied' ? 'Copied' : 'Select it to copy'}
        </span>
      )}
    </span>
  );
}
