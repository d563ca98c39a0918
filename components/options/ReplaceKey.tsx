// The admin's word on a JumpCloud API key the console guide tried to save over the saved one. The
// console's page cannot replace a key (a page script there could forge the click); this extension
// page can, and says what replacing means before the admin chooses.
import { useEffect, useState } from 'preact/hooks';
import { send } from '@/lib/messages/client';
import { failed, Notice, type NoticeValue } from './Notice';

export function ReplaceKey({ onReplaced }: { onReplaced: () => void }) {
  const [pending, setPending] = useState(false);
  const [notice, setNotice] = useState<NoticeValue>();

  useEffect(() => {
    void send({ type: 'apiKey.pending' }).then((r) => setPending(r.ok && r.data.pending));
  }, []);

  const answer = async (accept: boolean) => {
    const reply = await send({ type: 'apiKey.replace', accept });
    setPending(false);
    if (!reply.ok) return setNotice(failed(reply));
    setNotice({ kind: 'ok', text: reply.data.replaced ? 'The new API key is saved, encrypted. Go back to the JumpCloud tab and click "I’ve done this — next".' : 'The saved API key is kept; the new one was not stored.' });
    if (reply.data.replaced) onReplaced();
  };

  if (!pending) return <Notice value={notice} />;
  return (
    <section class="notice replace-key" aria-labelledby="replace-key-title">
      <h2 id="replace-key-title">Replace the saved JumpCloud API key?</h2>
      <p>
        The JumpCloud console guide has a new API key for the assistant, and one is saved already. If you generated the new key in
        JumpCloud, the saved one no longer works there: replace it. If you did not expect this, keep the saved key.
      </p>
      <div class="actions">
        <button type="button" class="primary" onClick={() => void answer(true)}>
          Replace the saved key
        </button>
        <button type="button" onClick={() => void answer(false)}>
          Keep the saved key
        </button>
      </div>
    </section>
  );
}
