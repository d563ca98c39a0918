// Where setup stands, and the one next step. Shared by the popup and the options page.
import type { Status } from '@/lib/messages/protocol';

const NEXT_STEP: Record<Status['missing'][number], string> = {
  apiKey: 'Add your JumpCloud API key (JumpCloud console → your profile → My API Key).',
  syncEndpoint: 'Add the Sync endpoint that Zoho Directory shows under Directory Stores → JumpCloud.',
  scimToken: 'Add the SCIM token that Zoho Directory shows next to the Sync endpoint.',
};

export function SetupStatus({ status }: { status: Status }) {
  const next = status.missing[0];
  return (
    <section aria-labelledby="setup-heading">
      <h2 id="setup-heading">Setup</h2>
      {!next ? (
        <p role="status">Ready: JumpCloud and Zoho Directory are connected.</p>
      ) : (
        <p role="status">
          <strong>Next step:</strong> {NEXT_STEP[next]}
        </p>
      )}
    </section>
  );
}
