// 경주시 투자사업 포털: small enhancements. Every page works without this file.
(function () {
  "use strict";

  // 인용문 복사: copy a citation's text and say so in the adjacent live region.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy-target]");
    if (!button) return;
    var field = document.getElementById(button.getAttribute("data-copy-target"));
    var status = button.parentNode.querySelector(".copy-status");
    if (!field) return;
    var done = function () { if (status) status.textContent = "인용문을 복사했습니다."; };
    var fallback = function () {
      field.focus();
      field.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      if (status) status.textContent = ok ? "인용문을 복사했습니다." : "복사하지 못했습니다. 글을 선택해 직접 복사해 주세요.";
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(done, fallback);
    } else {
      fallback();
    }
  });

  // A table wider than the screen scrolls sideways: let the keyboard reach it, named by its caption.
  // A ResizeObserver is told after the browser's own layout, so reading widths forces none: read
  // while the page loads, they made the browser lay the whole page out inside this script
  // (~150 ms of blocking on a slow phone).
  function markScrolling(wrap) {
    var caption = wrap.querySelector("caption");
    if (wrap.scrollWidth > wrap.clientWidth + 1) {
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", (caption ? caption.textContent.trim() + " " : "") + "(옆으로 스크롤)");
    } else if (wrap.hasAttribute("tabindex")) {
      wrap.removeAttribute("tabindex");
      wrap.removeAttribute("role");
      wrap.removeAttribute("aria-label");
      wrap.removeAttribute("aria-labelledby");  // a plain div names nothing (ARIA: prohibited)
    }
  }
  var watching = window.ResizeObserver ? new ResizeObserver(function (entries) {
    for (var i = 0; i < entries.length; i++) {
      var wrap = entries[i].target;
      if (document.contains(wrap)) markScrolling(wrap); else watching.unobserve(wrap);  // swapped out
    }
  }) : null;
  function watchTables() {
    var wraps = document.querySelectorAll(".krds-table-wrap");
    for (var i = 0; i < wraps.length; i++) {
      if (watching) watching.observe(wraps[i]); else markScrolling(wraps[i]);
    }
  }
  watchTables();
  document.addEventListener("htmx:afterSettle", watchTables);

  // "검색 조건" starts closed, so a phone shows the results first; a wide screen has room for it
  // beside them. The same width as the CSS's single-column layout (em: it follows the text size).
  if (window.matchMedia && window.matchMedia("(min-width: 64em)").matches) {
    var panels = document.querySelectorAll("details.filter-panel");
    for (var p = 0; p < panels.length; p++) panels[p].open = true;
  }

  // htmx puts a swapped <details> back as the server wrote it (closed): give each disclosure the
  // open state the visitor left it in. afterSwap runs before the browser paints the swap.
  var openBefore = null;
  document.addEventListener("htmx:beforeSwap", function () {
    openBefore = {};
    var all = document.querySelectorAll("details[id]");
    for (var i = 0; i < all.length; i++) openBefore[all[i].id] = all[i].open;
  });
  document.addEventListener("htmx:afterSwap", function () {
    if (!openBefore) return;
    var all = document.querySelectorAll("details[id]");
    for (var i = 0; i < all.length; i++) {
      if (Object.prototype.hasOwnProperty.call(openBefore, all[i].id)) all[i].open = openBefore[all[i].id];
    }
    openBefore = null;
  });

  // Swapped results name the page they now show: keep the tab's and the history's title true.
  document.addEventListener("htmx:afterSettle", function () {
    var results = document.getElementById("results");
    if (results && results.getAttribute("data-page-title")) {
      document.title = results.getAttribute("data-page-title");
    }
  });

  // After htmx swaps the results, move focus to the results heading when the control the user
  // used (a chip, a page link) is gone, so keyboard and screen-reader users land on the news.
  document.addEventListener("htmx:afterSettle", function () {
    var active = document.activeElement;
    if (active && active !== document.body && document.contains(active)) return;
    var heading = document.getElementById("results-heading");
    if (heading) heading.focus();
  });

  // 자료 오류 신고: a refused report (400: what to fix; 429: too many) comes back as the form with
  // its Korean message and what was typed. htmx leaves 4xx answers unswapped; swap these in.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    if ((status === 400 || status === 429) && event.detail.target.id === "reportform") {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  // After a report is swapped in, move focus to what it says (the thank-you or the error).
  document.addEventListener("htmx:afterSettle", function (event) {
    if (!event.detail.target || event.detail.target.id !== "reportform") return;
    var region = document.getElementById("reportform");
    var news = region && region.querySelector("[role=alert], [role=status]");
    if (news) {
      news.setAttribute("tabindex", "-1");
      news.focus();
    }
  });
})();
