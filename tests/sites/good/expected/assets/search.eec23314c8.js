/* Search, added only where JavaScript runs: Pagefind's UI over the index of the page's own language.
   The box is drawn at once as a plain search field; Pagefind's UI (about 135 KB of script and styles)
   loads only when the reader first focuses or taps the field, then takes over what was typed and searches it.
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
  var form = document.createElement("div");
  form.className = "search-form";
  var field = document.createElement("input");
  field.type = "search";
  field.className = "search-field";
  field.autocomplete = "off";
  field.placeholder = box.getAttribute("data-placeholder");
  field.setAttribute("aria-label", box.getAttribute("data-label"));
  form.appendChild(field);
  box.appendChild(form);
  box.hidden = false;

  var hide = function () {
    box.style.display = "none";  // a site built without its index (--no-search, the preview): no box that cannot search
  };
  // The list of bundles is a few bytes; it also tells whether this site has an index at all.
  var bundles = fetch(list).then(function (response) {
    if (response.status === 404) {
      hide();
    }
    return response.ok ? response.json() : { bundles: [] };
  }).then(function (found) {
    return found.bundles.slice(1).map(function (path) { return new URL(path, list).href; });
  }).catch(function () {
    return [];  // no list: the main bundle is searched alone
  });

  var load = function (tag, attribute, url) {
    return new Promise(function (resolve, reject) {
      var element = document.createElement(tag);
      if (tag === "link") {
        element.rel = "stylesheet";
      }
      element[attribute] = url;
      element.onload = resolve;
      element.onerror = reject;
      document.head.appendChild(element);
    });
  };

  // Pagefind's own field replaces the plain one, with the same text, caret and focus, and searches what is there.
  var takeOver = function (more) {
    var typed = field.value;
    var focused = document.activeElement === field;
    var caret = field.selectionStart;
    box.removeChild(form);
    var ui = new window.PagefindUI({
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
    var input = box.querySelector(".pagefind-ui__search-input");
    if (!input) {
      return;
    }
    input.value = typed;
    if (focused) {
      input.focus();
      input.setSelectionRange(caret, caret);
    }
    if (typed.trim()) {
      ui.triggerSearch(typed);
    }
  };

  var started = false;
  var start = function () {
    if (started) {
      return;
    }
    started = true;
    Promise.all([bundles, load("link", "href", bundle + "pagefind-ui.css"), load("script", "src", bundle + "pagefind-ui.js")])
      .then(function (loaded) { takeOver(loaded[0]); }, hide);
  };
  field.addEventListener("pointerdown", start);
  field.addEventListener("focus", start);
  field.addEventListener("input", start);
})();
