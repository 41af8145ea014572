/* Search, added only where JavaScript runs: Pagefind's UI over the index of the page's own language.
   Without JavaScript (or opened from disk) the box stays hidden and the page reads as it is. */
(function () {
  "use strict";
  var box = document.getElementById("search");
  if (!box || location.protocol === "file:" || !window.fetch || !window.WebAssembly) {
    return;
  }
  var bundle = new URL(box.getAttribute("data-bundle"), location.href).href;
  var style = document.createElement("link");
  style.rel = "stylesheet";
  style.href = bundle + "pagefind-ui.css";
  var script = document.createElement("script");
  script.src = bundle + "pagefind-ui.js";
  var waiting = 2;  // the styles and the script: the box is drawn once both are in, so nothing moves twice
  style.onload = script.onload = function () {
    waiting -= 1;
    if (waiting > 0) {
      return;
    }
    new window.PagefindUI({
      element: "#search",
      bundlePath: bundle,
      baseUrl: new URL(box.getAttribute("data-root"), location.href).pathname,
      showImages: false,
      translations: {
        placeholder: box.getAttribute("data-placeholder"),
        search_label: box.getAttribute("data-label")
      }
    });
    box.hidden = false;
  };
  style.onerror = script.onerror = function () {
    box.style.display = "none";  // a site built without its index (--no-search, the preview): no empty box
  };
  document.head.appendChild(style);
  document.head.appendChild(script);
})();
