// The export page's "모두 선택" box ticks or clears every column (admin/import_export/
// portal_export.html); django-import-export wires it with an inline onchange the CSP blocks.
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var toggle = event.target;
    if (!toggle.matches || !toggle.matches("input.select-toggle")) return;
    var boxes = document.querySelectorAll('.selectable-field-export-row input[type="checkbox"]');
    for (var i = 0; i < boxes.length; i++) boxes[i].checked = toggle.checked;
  });
})();
