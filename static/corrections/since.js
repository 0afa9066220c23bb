// "This article has been corrected since you last read it."
// The browser remembers which revision of each article it last showed; the page says
// which revision its latest correction introduced. The page is the same for everyone
// (cacheable, no cookie); the comparison happens here, and nothing leaves the browser.
const STORAGE_PREFIX = "corrections:seen-revision:";

function readSeen(key) {
  try {
    return Number(localStorage.getItem(key)) || null;
  } catch {
    return null; // Storage disabled: behave as on a first visit.
  }
}

function writeSeen(key, revision) {
  try {
    localStorage.setItem(key, String(revision));
  } catch {
    // Storage full or disabled: the notice is a courtesy, the page works without it.
  }
}

const body = document.querySelector("[data-correctable][data-revision]");
const current = Number(body?.dataset.revision);
if (current) {
  const key = STORAGE_PREFIX + location.pathname;
  const seen = readSeen(key);
  const notice = document.querySelector("[data-since-notice]");
  if (notice && seen && seen !== current && Number(notice.dataset.correctedRevision) > seen) {
    notice.hidden = false;
  }
  writeSeen(key, current);
}
