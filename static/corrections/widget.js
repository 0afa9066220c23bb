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

// A letter or two changed, and no figure: the same rule as corrections.forms.looks_like_typo.
export const looksLikeTypo = (quote, replacement) => {
  const a = [...quote];
  const b = [...replacement];
  if (!a.length || !b.length || quote === replacement) return false;
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let end = 0;
  while (end < Math.min(a.length, b.length) - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end++;
  const changed = [...a.slice(start, a.length - end), ...b.slice(start, b.length - end)].join("");
  return Math.max(a.length, b.length) - start - end <= 2 && !/\p{Nd}/u.test(changed);
};

// Word-level difference (longest common subsequence of words and spaces): [[tag, text]],
// tag "" for unchanged, "del" or "ins".
export const wordDiff = (before, after) => {
  const a = before.match(/\s+|\S+/g) ?? [];
  const b = after.match(/\s+|\S+/g) ?? [];
  const common = a.map(() => new Uint16Array(b.length + 1));
  common.push(new Uint16Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      common[i][j] = a[i] === b[j] ? common[i + 1][j + 1] + 1 : Math.max(common[i + 1][j], common[i][j + 1]);
  const parts = [];
  const add = (tag, text) => (parts.at(-1)?.[0] === tag ? (parts.at(-1)[1] += text) : parts.push([tag, text]));
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      add("", a[i]);
      i++;
      j++;
    } else if (i < a.length && (j === b.length || common[i + 1][j] >= common[i][j + 1])) add("del", a[i++]);
    else add("ins", b[j++]);
  }
  return parts;
};

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
  const form = () => slot.querySelector("form");
  // Numbers grouped as the page's language writes them, as the server's messages are.
  const lang = document.documentElement.lang || undefined;
  // Drafts live only while the page is open: per passage ("" is the whole article).
  const drafts = new Map();
  const kept = ["replacement", "explanation", "kind", "source_url", "email", "notify_consent"];
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
  let draft = null;
  let shownAt = 0;

  const saveDraft = () => {
    const { elements, dataset } = form() ?? {};
    if (!elements || draft === null) return;
    const values = kept.filter((name) => elements[name]).map((name) => [name, elements[name].type === "checkbox" ? elements[name].checked : elements[name].value]);
    drafts.set(draft, { values, flags: { chosen: dataset.chosen, inferred: dataset.inferred, consent: dataset.consent } });
  };

  // Counters near the limit, the live difference, the inferred kind: redrawn on each input.
  const refresh = (target) => {
    const { elements, dataset } = form() ?? {};
    if (!elements) return;
    const { quote, replacement, kind, email, notify_consent: consent } = elements;
    if (target === kind) dataset.chosen = "1";
    if (target === consent) dataset.consent = "1";
    if (target === email && !dataset.consent) consent.checked = !!email.value.trim();
    for (const field of slot.querySelectorAll("[data-limit]")) {
      const count = [...field.value].length;
      const limit = +field.dataset.limit;
      let counter = field.nextElementSibling;
      if (!counter?.matches("[data-count]")) counter = field.insertAdjacentElement("afterend", Object.assign(document.createElement("p"), { className: "suggest-form__count" }));
      counter.dataset.count = "";
      counter.hidden = count < limit * 0.8;
      counter.classList.toggle("suggest-form__count--over", count > limit);
      counter.textContent = dataset[count > limit ? "msgOver" : "msgCount"].replace("%(count)s", count.toLocaleString(lang)).replace("%(limit)s", limit.toLocaleString(lang));
    }
    if (!replacement) return;
    // The kind follows the replacement until the reader picks one (a re-rendered form
    // carries their pick as its value).
    const typo = looksLikeTypo(quote.value, replacement.value);
    const inferred = !dataset.chosen && (!kind.value || dataset.inferred);
    if (inferred) kind.value = typo ? "typo" : "";
    dataset.inferred = inferred && typo ? "1" : "";
    slot.querySelector("[data-kind-typo]").hidden = !dataset.inferred;
    const diff = slot.querySelector("[data-diff]");
    diff.hidden = !replacement.value.trim() || replacement.value === quote.value;
    slot.querySelector("[data-diff-text]").replaceChildren(
      ...wordDiff(quote.value, replacement.value).map(([tag, text]) => (tag ? Object.assign(document.createElement(tag), { textContent: text }) : text)),
    );
  };

  const open = (selected, method) => {
    // The dialog's close event comes a task later, and Chromium runs input first: a quick
    // reopen would clear the form before that event could keep it. Keep it now.
    if (!dialog.open) saveDraft();
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
    // Shown once filled in, so nothing the reader types is overwritten by the draft.
    slot.hidden = true;
    dialog.showModal();
    draft = selected ? `${selected.part}:${selected.start}:${selected.quote}` : "";
    const values = {
      revision: body.dataset.revision,
      part: selected?.part ?? "body",
      quote: selected?.quote ?? "",
      prefix: selected?.prefix ?? "",
      suffix: selected?.suffix ?? "",
      start: selected?.start ?? "",
      end: selected?.end ?? "",
      input_method: method,
      // The reader edits the words as they are, as in a word processor's suggestion mode.
      replacement: selected?.quote ?? "",
    };
    const url = selected ? shell.dataset.url : `${shell.dataset.url}?about=article`;
    htmx.ajax("GET", url, { target: slot, swap: "innerHTML" }).then(() => {
      slot.hidden = false;
      const { elements, dataset } = form() ?? {};
      if (!elements) return;
      shownAt = Date.now();
      const saved = drafts.get(draft) ?? { values: [], flags: {} };
      for (const [name, value] of [...Object.entries(values), ...saved.values])
        if (elements[name]) elements[name][typeof value === "boolean" ? "checked" : "value"] = value;
      for (const [flag, on] of Object.entries(saved.flags)) if (on) dataset[flag] = on;
      refresh();
      elements[selected ? "replacement" : "explanation"]?.focus();
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
      form()?.requestSubmit();
      return;
    }
    const target = event.target;
    // Typing elsewhere on the page is not a report; the focus may still sit in the closed
    // dialog's own form for a moment after Esc, and that is no reason to ignore the reader.
    const typing = target.isContentEditable || target.closest?.("input, textarea, select, [contenteditable]");
    if (typing && !dialog.contains(target)) return;
    const selection = getSelection();
    // Nothing selected: a report about the article as a whole. Words selected elsewhere
    // (the site's menu, say) are not a passage of the article.
    const range = selection.rangeCount && !selection.isCollapsed && selection.getRangeAt(0);
    const selected = range && selectedPart(range);
    if (range && !selected) return;
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

  // A click on the backdrop closes the dialog, as Esc does; the draft is kept either way.
  let downOutside = false;
  const outside = ({ target, clientX: x, clientY: y }) => {
    const box = dialog.getBoundingClientRect();
    return target === dialog && (x < box.left || x > box.right || y < box.top || y > box.bottom);
  };
  dialog.addEventListener("pointerdown", (event) => (downOutside = outside(event)));
  dialog.addEventListener("click", (event) => downOutside && outside(event) && dialog.close());
  dialog.addEventListener("close", () => {
    if (dialog.open) return; // a late close event of a dialog already reopened
    saveDraft();
    if (opener?.isConnected) opener.focus();
  });

  slot.addEventListener("input", (event) => refresh(event.target));
  slot.addEventListener("change", (event) => refresh(event.target));
  slot.addEventListener("click", async ({ target }) => {
    const copy = target.closest("[data-copy]");
    if (!copy) return;
    const link = slot.querySelector("[data-status-link]");
    const said = slot.querySelector("[data-copy-status]");
    try {
      await navigator.clipboard.writeText(link.href);
      said.textContent = copy.dataset.msgCopied;
    } catch {
      // No clipboard (an insecure origin, a refused permission): select it for the reader.
      getSelection().selectAllChildren(link);
      said.textContent = copy.dataset.msgSelected;
    }
  });

  // A person is never refused as too quick: the send waits out the server's minimum time.
  slot.addEventListener("htmx:confirm", (event) => {
    const sending = event.target.closest("form");
    if (!sending) return;
    event.preventDefault();
    if (sending.dataset.sending) return;
    sending.dataset.sending = "1";
    const send = sending.querySelector("[data-send-label]");
    send.dataset.label = send.textContent;
    send.textContent = sending.dataset.msgSending;
    send.parentElement.setAttribute("aria-disabled", "true");
    const wait = shownAt + sending.dataset.minSeconds * 1000 - Date.now();
    setTimeout(() => event.detail.issueRequest(true), Math.max(0, wait));
  });
  slot.addEventListener("htmx:afterRequest", () => {
    const { dataset } = form() ?? {};
    const send = slot.querySelector("[data-send-label]");
    if (!dataset?.sending) return;
    delete dataset.sending;
    send.textContent = send.dataset.label;
    send.parentElement.removeAttribute("aria-disabled");
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
          if (fresh && form()) form().elements.csrfmiddlewaretoken.value = fresh.value;
        });
  });
  dialog.addEventListener("htmx:sendError", () => (status.textContent = shell.dataset.msgOffline));
  dialog.addEventListener("htmx:afterSwap", () => {
    label(slot);
    if (slot.querySelector("[data-suggest-done]")) {
      drafts.delete(draft);
      draft = null;
      slot.querySelector("[data-copy-box]")?.removeAttribute("hidden");
    }
    refresh();
    slot.querySelector("[data-suggest-done], [data-suggest-errors], [aria-invalid]")?.focus();
  });
}
