// Django's autocomplete widget (select2) types into a search box of its own, which has no
// label: a screen reader announces an unnamed field. Name it after the field's label.
// Loaded as a module, this runs after the admin's scripts, so the ready handler below is
// queued after autocomplete.js's, which builds the widgets (jQuery keeps their order).
const $ = window.django.jQuery;

function fieldName(select) {
  const label = document.querySelector(`label[for="${CSS.escape(select.id)}"]`);
  return label ? label.textContent.trim().replace(/:$/, "") : "";
}

function nameSearchBox(select, search) {
  const name = fieldName(select);
  if (search && name) search.setAttribute("aria-label", name);
}

$(() => {
  // The desk's autocompletes (the byline) are multiple choices: their search box is
  // inline, built once with the widget. (A single choice would build its box in the
  // dropdown on "select2:open"; there is none.)
  for (const select of document.querySelectorAll("select.admin-autocomplete")) {
    nameSearchBox(select, select.nextElementSibling?.querySelector(".select2-search__field"));
  }
});

