// "Copy link" on every quote box: copies the address of the quote on its
// article page (the link's own href, made absolute by the browser) and says
// so. Without a clipboard (an http:// host other than localhost, an old
// browser) the link is simply followed, so it still leads to the quote.
// Hand-written; the generator only writes the link (templates/_macros.md.j2, `permalink`).
(function () {
  document.addEventListener("click", function (event) {
    const link = event.target.closest && event.target.closest("a.digest-permalink");
    if (!link || !navigator.clipboard || !window.isSecureContext) return;
    event.preventDefault();
    navigator.clipboard.writeText(link.href).then(function () {
      const text = link.textContent;
      link.textContent = "Link copied";
      link.setAttribute("aria-live", "polite");
      setTimeout(function () { link.textContent = text; }, 2000);
    }, function () { window.location.href = link.href; });
  });
})();
