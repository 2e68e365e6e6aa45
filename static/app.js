// Chatwire's few lines of browser code. htmx does the rest; no inline scripts (CSP).
"use strict";

// Tabs (WAI-ARIA tabs pattern) over server-rendered panels: the tabs are links, so without
// JavaScript they still reach each panel; with it they switch in place and keep what was typed.
document.addEventListener("click", (event) => {
  const tab = event.target instanceof Element ? event.target.closest("[data-tabs] [role=tab]") : null;
  if (!tab) return;
  event.preventDefault();
  selectTab(tab);
});

document.addEventListener("keydown", (event) => {
  const tab = event.target instanceof Element ? event.target.closest("[data-tabs] [role=tab]") : null;
  if (!tab || !["ArrowLeft", "ArrowRight", "Home", "End"].includes(event.key)) return;
  const tabs = [...tab.closest("[data-tabs]").querySelectorAll("[role=tab]")];
  const at = tabs.indexOf(tab);
  const next = event.key === "Home"
    ? 0
    : event.key === "End"
    ? tabs.length - 1
    : (at + (event.key === "ArrowRight" ? 1 : -1) + tabs.length) % tabs.length;
  event.preventDefault();
  selectTab(tabs[next]);
  tabs[next].focus();
});

function selectTab(tab) {
  for (const other of tab.closest("[data-tabs]").querySelectorAll("[role=tab]")) {
    const selected = other === tab;
    other.setAttribute("aria-selected", String(selected));
    other.tabIndex = selected ? 0 : -1;
    const panel = document.getElementById(other.getAttribute("aria-controls"));
    if (panel) panel.hidden = !selected;
  }
  if (tab.href) history.replaceState(null, "", tab.href);
}

// Copy buttons: `data-copy` names the element whose value (or text) goes to the clipboard.
document.addEventListener("click", async (event) => {
  const button = event.target instanceof Element ? event.target.closest("button[data-copy]") : null;
  if (!button) return;
  const source = document.getElementById(button.dataset.copy);
  if (!source) return;
  const text = "value" in source ? source.value : source.textContent;
  const label = button.textContent;
  try {
    await navigator.clipboard.writeText(text ?? "");
    button.textContent = "Copied";
  } catch {
    // Clipboard refused (http, permissions): select the text so Ctrl+C works.
    if ("select" in source) source.select();
    button.textContent = "Press Ctrl+C";
  }
  setTimeout(() => (button.textContent = label), 1500);
});

// The simulator: the message sent shows at once with a typing indicator until the turn's
// replies swap the chat in (a live API can take seconds); a failed request says so.
document.addEventListener("htmx:beforeRequest", (event) => {
  const elt = event.detail.elt;
  if (!(elt instanceof Element) || !elt.closest("#simulator")) return;
  let text;
  if (elt.matches("form.sim-input")) text = elt.querySelector("input[name=text]")?.value ?? "";
  else if (elt.matches("button.sim-reply")) text = JSON.parse(elt.getAttribute("hx-vals") ?? "{}").text;
  if (!text || !text.trim()) return;
  const messages = document.querySelector("#simulator .sim-messages");
  if (!messages) return;
  messages.querySelector(".sim-hint")?.remove();
  const bubble = document.createElement("div");
  bubble.className = "bubble out pending";
  const p = document.createElement("p");
  p.textContent = text;
  bubble.append(p);
  const typing = document.createElement("div");
  typing.className = "sim-typing";
  typing.setAttribute("role", "status");
  typing.setAttribute("aria-label", "The bot is typing");
  typing.innerHTML = "<span></span><span></span><span></span>";
  messages.append(bubble, typing);
  typing.scrollIntoView({ block: "end" });
  if (elt.matches("form.sim-input")) elt.querySelector("input[name=text]").value = "";
});

document.addEventListener("htmx:afterRequest", (event) => {
  if (event.detail.successful || !(event.detail.elt instanceof Element)) return;
  const typing = document.querySelector("#simulator .sim-typing");
  if (!typing) return;
  typing.className = "bubble-error sim-send-error";
  typing.setAttribute("role", "alert");
  typing.removeAttribute("aria-label");
  typing.textContent = `Cannot send the message: ${event.detail.xhr?.status || "no answer from the server"}`;
});
