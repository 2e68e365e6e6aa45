import assert from "node:assert/strict";
import { renderToString } from "preact-render-to-string";
import { Tick } from "./contacts.tsx";

Deno.test("Tick draws a pending reply as an SVG clock, never an emoji that needs an emoji font", () => {
  for (const status of ["queued", "sending"]) {
    const html = renderToString(<Tick status={status} />);
    assert.match(html, /<svg class="clock"/);
    assert.match(html, new RegExp(`aria-label="${status}"`));
    assert.doesNotMatch(html, /\p{Extended_Pictographic}/u);
  }
  assert.match(renderToString(<Tick status="read" />), />✓✓</);
});
