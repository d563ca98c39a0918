// Mounts the guide panel in a closed shadow root the page cannot reach into, and wires the panel
// to the step engine and to the background.
import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { GUIDE_CSS, GuidePanel } from '@/components/guide/GuidePanel';
import { loadPosition } from '@/lib/guide/engine';
import { apiKeyFlow } from '@/lib/guide/flows/api-key';
import { scimFlow } from '@/lib/guide/flows/scim';
import { startGuide, type GuideRun, type GuideState } from '@/lib/guide/runner';
import type { Flow, GuideServices } from '@/lib/guide/types';
import { send } from '@/lib/messages/client';

const CHOICES: readonly Flow[] = [apiKeyFlow, scimFlow];
const FLOWS: Record<string, Flow> = Object.fromEntries(CHOICES.map((f) => [f.id, f]));

const services: GuideServices = {
  async saveApiKey(value) {
    const reply = await send({ type: 'guide.saveApiKey', value });
    return reply.ok ? { ok: true } : { ok: false, error: reply.hint ? `${reply.error} ${reply.hint}` : reply.error };
  },
  async fillValue(field) {
    const reply = await send({ type: 'guide.fillValue', field });
    return reply.ok ? { ok: true, value: reply.data.value } : { ok: false, error: reply.hint ? `${reply.error} ${reply.hint}` : reply.error };
  },
  async groupsToBind() {
    const reply = await send({ type: 'guide.groupsToBind' });
    return reply.ok ? { ok: true, ...reply.data } : { ok: false, error: reply.hint ? `${reply.error} ${reply.hint}` : reply.error };
  },
};

function Guide() {
  const [state, setState] = useState<GuideState | null>(null);
  const [choosing, setChoosing] = useState(false);
  const run = useRef<GuideRun | null>(null);

  const open = (flow: Flow, resumeAt?: string, memo?: Record<string, boolean>) => {
    run.current?.stop();
    setChoosing(false);
    run.current = startGuide({ flow, doc: document, storage: sessionStorage, services, resumeAt, memo, onChange: setState });
  };

  useEffect(() => {
    // A flow in progress before a reload picks up where it was.
    const position = loadPosition(sessionStorage);
    const flow = position && FLOWS[position.flow];
    if (position && flow) open(flow, position.step, position.memo);
    return () => run.current?.stop();
  }, []);

  return (
    <GuidePanel
      state={state}
      choices={choosing ? CHOICES : null}
      onOpen={() => setChoosing(true)}
      onChoose={(id) => open(FLOWS[id]!)}
      onClose={() => {
        run.current?.stop();
        run.current = null;
        setChoosing(false);
        setState(null);
      }}
      onAction={() => void run.current?.runAction()}
      onRestart={() => run.current?.restart()}
    />
  );
}

export function mountGuide(ctx: ContentScriptContext): void {
  const host = document.createElement('jumpcloud-zoho-assistant');
  const shadow = host.attachShadow({ mode: 'closed' });
  const style = document.createElement('style');
  style.textContent = GUIDE_CSS;
  const root = document.createElement('div');
  shadow.append(style, root);
  // Keys typed in the panel stay in the panel.
  for (const type of ['keydown', 'keyup', 'keypress']) host.addEventListener(type, (e) => e.stopPropagation());
  document.documentElement.append(host);
  render(<Guide />, root);
  ctx.onInvalidated(() => {
    render(null, root);
    host.remove();
  });
}

