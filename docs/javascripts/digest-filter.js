// Filter boxes on the long index pages (quotes, timeline, actors A-Z):
// typing hides every item that does not hold all the words typed, each as a
// whole word ("Cooper" finds Yvette Cooper, not "cooperated"), whatever the
// case and accents ("gomez" finds "Gómez", "ÉMILE" finds "Emile"), and every
// heading left with nothing under it. Hand-written; the generator only
// places the box (templates/_macros.md.j2, `filter_box`).
// Material's instant navigation swaps pages without reloading, so the boxes
// are wired on each page through its `document$` observable.
(function () {
  // Letters without their accents, lower case: what two spellings of one name share.
  function fold(text) {
    return text.normalize("NFD").replace(/\p{M}/gu, "").toLocaleLowerCase();
  }

  // The words of a text: runs of letters and digits ("U.S." is "u" and "s" on both sides).
  function words(text) {
    return fold(text).match(/[\p{L}\p{N}]+/gu) || [];
  }

  function wire(box) {
    const scope = box.closest("article") || document;
    const items = Array.from(scope.querySelectorAll(box.dataset.items));
    const headings = Array.from(scope.querySelectorAll("h2[id^='m-'], h2[id^='letter-']"));
    const status = box.parentElement.querySelector(".digest-filter-status");
    const apply = function () {
      const wanted = words(box.value);
      let shown = 0;
      for (const item of items) {
        const have = new Set(words(item.textContent));
        const hit = wanted.every(function (w) { return have.has(w); });
        item.hidden = !hit;
        if (hit) shown += 1;
      }
      for (const h of headings) {
        // A heading owns the items up to the next heading.
        let any = false;
        for (let el = h.nextElementSibling; el && !headings.includes(el); el = el.nextElementSibling) {
          const own = el.matches(box.dataset.items) ? [el] : Array.from(el.querySelectorAll(box.dataset.items));
          if (own.some(function (i) { return !i.hidden; })) { any = true; break; }
        }
        h.hidden = !any;
      }
      if (status) status.textContent = wanted.length ? shown + " of " + items.length + " shown" : "";
    };
    box.addEventListener("input", apply);
    apply();
  }

  function setup() {
    document.querySelectorAll("input.digest-filter").forEach(wire);
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(setup);
  } else {
    document.addEventListener("DOMContentLoaded", setup);
  }
})();
