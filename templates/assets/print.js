/* Printing opens every closed FAQ answer and closes it again afterwards: browsers without ::details-content
   print a closed <details> as its question alone, whatever the print styles say. */
(function () {
  "use strict";
  var opened = [];
  window.addEventListener("beforeprint", function () {
    opened = Array.prototype.filter.call(document.querySelectorAll("details:not([open])"), function (item) {
      item.open = true;
      return true;
    });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (item) { item.open = false; });
    opened = [];
  });
})();
