/* Search, added only where JavaScript runs: Pagefind's UI over the index of the page's own language.
   A large language is indexed in several bundles (listed in data-bundles); the UI searches them all.
   Without JavaScript (or opened from disk) the box stays hidden and the page reads as it is. */
(function () {
  "use strict";
  var box = document.getElementById("search");
  if (!box || location.protocol === "file:" || !window.fetch || !window.WebAssembly) {
    return;
  }
  var bundle = new URL(box.getAttribute("data-bundle"), location.href).href;
  var list = new URL(box.getAttribute("data-bundles"), location.href).href;
  var baseUrl = new URL(box.getAttribute("data-root"), location.href).pathname;
  var more = [];  // the language's bundles besides the main one
  var style = document.createElement("link");
  style.rel = "stylesheet";
  style.href = bundle + "pagefind-ui.css";
  var script = document.createElement("script");
  script.src = bundle + "pagefind-ui.js";
  var waiting = 3;  // the styles, the script and the list of bundles: the box is drawn once all are in, so nothing moves twice
  var ready = function () {
    waiting -= 1;
    if (waiting > 0) {
      return;
    }
    new window.PagefindUI({
      element: "#search",
      bundlePath: bundle,
      baseUrl: baseUrl,
      mergeIndex: more.map(function (path) { return { bundlePath: path, baseUrl: baseUrl }; }),
      showImages: false,
      translations: {
        placeholder: box.getAttribute("data-placeholder"),
        search_label: box.getAttribute("data-label")
      }
    });
    box.hidden = false;
  };
  style.onload = script.onload = ready;
  style.onerror = script.onerror = function () {
    box.style.display = "none";  // a site built without its index (--no-search, the preview): no empty box
  };
  fetch(list).then(function (response) {
    return response.ok ? response.json() : { bundles: [] };
  }).then(function (found) {
    more = found.bundles.slice(1).map(function (path) { return new URL(path, list).href; });
  }).catch(function () {
    // no list: the main bundle is searched alone
  }).then(ready);
  document.head.appendChild(style);
  document.head.appendChild(script);
})();
