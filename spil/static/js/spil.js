/* Spil — small enhancements; every page works without them.
   - After a refused submit the focus goes to the error summary (WCAG 3.3.1, 2.4.3), on a
     full page load and after an HTMX swap. The summary comes first in the form, so
     without JavaScript it is the first thing read after the heading.
   - A table wider than the screen scrolls inside itself (spil.css); here it becomes
     reachable by keyboard so it can be scrolled without a mouse (WCAG 2.1.1). */
(function () {
  "use strict";

  function focusErrorSummary() {
    var summary = document.querySelector("[data-error-summary]:not([data-focused])");
    if (!summary) {
      return;
    }
    summary.setAttribute("data-focused", "");
    if (!summary.hasAttribute("tabindex")) {
      summary.setAttribute("tabindex", "-1");
    }
    summary.focus();
  }

  function letWideTablesScroll(root) {
    var tables = root.querySelectorAll("table:not([tabindex])");
    for (var i = 0; i < tables.length; i++) {
      if (tables[i].scrollWidth > tables[i].clientWidth + 1) {
        tables[i].setAttribute("tabindex", "0");
      }
    }
  }

  function enhance() {
    letWideTablesScroll(document);
    focusErrorSummary();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhance);
  } else {
    enhance();
  }
  document.addEventListener("htmx:afterSettle", enhance);
})();
