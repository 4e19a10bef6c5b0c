// The question bank: htmx drops 4xx replies by default; boxes marked data-swap-errors show them instead (e.g. "too
// many votes from your network", status 429). Everything works without JavaScript.
(function () {
  "use strict";
  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    var elt = event.detail.elt;
    if ((status === 400 || status === 429) && elt && elt.closest && elt.closest("[data-swap-errors]")) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
})();
