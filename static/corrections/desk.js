// Keyboard shortcuts of the editors' desk: a key clicks the control that names it in
// data-shortcut (listed on the page). Never while typing, or with a modifier held.
const controls = new Map(
  [...document.querySelectorAll("[data-shortcut]")].map((el) => [el.dataset.shortcut, el]),
);

function isTyping(target) {
  return target.closest("input, textarea, select, [contenteditable]") !== null;
}

document.addEventListener("keydown", (event) => {
  if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing || event.repeat) return;
  if (isTyping(event.target)) return;
  const control = controls.get(event.key.toLowerCase());
  if (!control) return;
  event.preventDefault();
  control.click();
});
