import type { TokenStep } from "../engine/types.ts";
import { SECRET_MASK } from "../engine/types.ts";
import { StatusBadge } from "./apis_list.tsx";

/** The OAuth 2.0 token request of a test, as a step before the call: status, time, scope; the token masked. */
export function TokenStepView(props: { step?: TokenStep }) {
  const step = props.step;
  if (!step) return null;
  return (
    <div class="token-step" id="token-step">
      <h3>Token request</h3>
      <div class="row result-facts">
        {step.cached ? <span class="badge s2xx">cached token</span> : <StatusBadge status={step.status} />}
        <span>{step.durationMs} ms</span>
        <span class="mono muted url-cell">POST {step.url}</span>
      </div>
      <dl class="facts">
        <dt>Scope granted</dt>
        <dd>{step.scope ?? <span class="muted">(none said)</span>}</dd>
        {step.expiresInS !== undefined && (
          <>
            <dt>Expires in</dt>
            <dd>{step.expiresInS} s</dd>
          </>
        )}
        <dt>Access token</dt>
        <dd class="mono">{step.error ? <span class="muted">(none)</span> : SECRET_MASK}</dd>
      </dl>
      {step.error && <div class="alert error" role="alert">{step.error}</div>}
      <h3>API call</h3>
    </div>
  );
}
