// Names for three parts of Material's page frame that have none, so that screen readers say
// what they are (axe-core's aria-dialog-name, aria-progressbar-name and label rules, checked by
// tests/test_browser.py): the search dialog, the page-loading bar and the hidden toggles.
// Hand-written; run on each page, as instant navigation swaps pages without reloading.
(function () {
  const names = [
    [".md-search[role=dialog]", "Search"],
    [".md-progress[role=progressbar]", "Loading the page"],
    ["input#__search", "Show search"],
    ["input#__drawer", "Show navigation"],
  ];
  function name() {
    for (const [selector, label] of names) {
      document.querySelectorAll(selector).forEach(function (el) {
        if (!el.hasAttribute("aria-label")) el.setAttribute("aria-label", label);
      });
    }
  }
  name();
  if (typeof document$ !== "undefined") document$.subscribe(name);
})();
