// "Suggest a correction": select words in the article and press Ctrl/⌘+Enter, tap the
// floating button on a touch screen, or use the button at the end of the article. The form
// comes from the server (htmx) when the dialog opens, so the article page itself holds no
// per-visitor data and can be cached whole.
import { passage } from "./canonical.js";

const { htmx } = window;
// Every part a reader can report (headline, standfirst, caption, credit, body), in page
// order; the body carries the revision the page shows.
const parts = document.querySelectorAll("[data-correctable]");
const body = document.querySelector("[data-correctable][data-revision]");
const shell = document.querySelector("[data-suggest]");

if (htmx && body && shell) {
  // Set before htmx initialises (module scripts run before DOMContentLoaded): no injected
  // <style> (CSP style-src 'self'), no eval, and 4xx answers that carry the re-rendered form
  // are swapped into the dialog like successes; 403 and 5xx are errors the widget explains.
  Object.assign(htmx.config, {
    includeIndicatorStyles: false,
    allowEval: false,
    allowScriptTags: false,
    historyEnabled: false,
    responseHandling: [
      { code: "204", swap: false },
      { code: "[23]..", swap: true },
      { code: "40[09]|422|429", swap: true, error: false },
      { code: "...", swap: false, error: true },
    ],
  });

  const $ = (name) => shell.querySelector(`[data-${name}]`);
  const dialog = $("suggest-dialog");
  const slot = $("suggest-slot");
  const status = $("suggest-status");
  const float = $("suggest-float");
  const platform = navigator.userAgentData?.platform || navigator.platform || "";
  const keys = /mac|iphone|ipad/i.test(platform) ? "⌘↵" : "Ctrl+↵";
  const label = (root) => root.querySelectorAll("[data-shortcut]").forEach((k) => (k.textContent = keys));
  // The passage a selection is about and its part: the part it starts in, clipped to that
  // part, so a drag from the headline into the text reports the headline's words; a drag
  // that starts outside every part (the byline, a margin) reports the part it ends in,
  // and failing that the first part it covers. null when it covers none.
  const selectedPart = (range) => {
    const holding = (node) => [...parts].find((root) => root.contains(node));
    for (const root of [holding(range.startContainer), holding(range.endContainer), ...parts]) {
      const found = root && range.intersectsNode(root) && passage(root, range);
      if (found) return { ...found, part: root.dataset.part };
    }
    return null;
  };
  let touch = matchMedia("(pointer: coarse)").matches;
  let captured = null;
  let opener = null;

  const open = (selected, method) => {
    opener = document.activeElement;
    float.hidden = true;
    $("suggest-passage").hidden = !selected;
    $("suggest-whole").hidden = !!selected;
    // The context is cut at a character count; where it was cut, show whole words only. A
    // short part (a headline, a caption) is often all there, and is shown whole.
    const [before, after] = [selected?.prefix ?? "", selected?.suffix ?? ""];
    const cutBefore = selected && selected.start > before.length;
    const cutAfter = selected && selected.end + after.length < selected.length;
    $("before").textContent = cutBefore ? `…${before.replace(/^\S*\s+/, "")}` : before;
    $("quote").textContent = selected?.quote ?? "";
    $("after").textContent = cutAfter ? `${after.replace(/\s+\S*$/, "")}…` : after;
    status.textContent = "";
    slot.replaceChildren();
    dialog.showModal();
    const values = {
      revision: body.dataset.revision,
      part: selected?.part ?? "body",
      quote: selected?.quote ?? "",
      prefix: selected?.prefix ?? "",
      suffix: selected?.suffix ?? "",
      start: selected?.start ?? "",
      end: selected?.end ?? "",
      input_method: method,
    };
    htmx.ajax("GET", shell.dataset.url, { target: slot, swap: "innerHTML" }).then(() => {
      const form = slot.querySelector("form");
      if (!form) return;
      for (const [name, value] of Object.entries(values)) if (form.elements[name]) form.elements[name].value = value;
      label(form);
      form.elements[selected ? "replacement" : "explanation"]?.focus();
    });
  };

  label(shell);
  $("suggest-hint").hidden = false;
  $("suggest-link").hidden = true;
  const button = $("suggest-open");
  button.hidden = false;
  button.addEventListener("click", () => open(null, "button"));

  document.addEventListener("keydown", (event) => {
    if (!(event.ctrlKey || event.metaKey) || !(event.key === "Enter" || event.keyCode === 10)) return;
    if (event.isComposing || event.keyCode === 229) return;
    if (dialog.open) {
      event.preventDefault();
      slot.querySelector("form")?.requestSubmit();
      return;
    }
    const target = event.target;
    if (target.isContentEditable || target.closest?.("input, textarea, select, [contenteditable]")) return;
    const selection = getSelection();
    const selected = selection.rangeCount && !selection.isCollapsed && selectedPart(selection.getRangeAt(0));
    if (!selected) return;
    event.preventDefault();
    open(selected, "keyboard");
  });

  addEventListener("touchstart", () => (touch = true), { once: true, passive: true });
  document.addEventListener("selectionchange", () => {
    if (!touch || dialog.open) return;
    const selection = getSelection();
    const range = selection.rangeCount && !selection.isCollapsed && selection.getRangeAt(0);
    if (!range || ![...parts].some((root) => range.intersectsNode(root))) {
      float.hidden = true;
      return;
    }
    captured = range.cloneRange();
    // Below the selection: the phone's own copy/paste bar appears above it.
    const rects = range.getClientRects();
    const last = rects[rects.length - 1] || range.getBoundingClientRect();
    float.style.top = `${last.bottom + scrollY + 12}px`;
    float.style.left = `${Math.max(8, Math.min(last.left + scrollX, innerWidth - 220))}px`;
    float.hidden = false;
  });
  // Keep the selection when the button is pressed, so it is still there to report.
  float.addEventListener("pointerdown", (event) => event.preventDefault());
  float.addEventListener("click", () => {
    const selected = captured && selectedPart(captured);
    if (selected) open(selected, "touch");
  });

  dialog.addEventListener("close", () => {
    if (opener?.isConnected) opener.focus();
  });
  dialog.addEventListener("htmx:beforeRequest", () => (status.textContent = ""));
  dialog.addEventListener("htmx:responseError", (event) => {
    const forbidden = event.detail.xhr.status === 403;
    status.textContent = shell.dataset[forbidden ? "msgForbidden" : "msgServer"];
    // The CSRF cookie expired or was cleared: fetch a fresh token (and cookie) so that
    // sending again works without losing what the reader typed.
    if (forbidden)
      fetch(shell.dataset.url, { headers: { "HX-Request": "true" } })
        .then((response) => response.text())
        .then((html) => {
          const fresh = new DOMParser().parseFromString(html, "text/html").querySelector("[name=csrfmiddlewaretoken]");
          const form = slot.querySelector("form");
          if (fresh && form) form.elements.csrfmiddlewaretoken.value = fresh.value;
        });
  });
  dialog.addEventListener("htmx:sendError", () => (status.textContent = shell.dataset.msgOffline));
  dialog.addEventListener("htmx:afterSwap", () => {
    label(slot);
    slot.querySelector("[data-suggest-done], [data-suggest-errors], [aria-invalid]")?.focus();
  });
}
