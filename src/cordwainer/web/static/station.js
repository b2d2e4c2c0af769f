// The station terminal keeps its scan field ready: a keyboard-wedge scanner types
// wherever the focus is, so a key pressed outside any field goes to the scan field.
// Without this script the page still works: the scan field is focused when it loads.
(function () {
  "use strict";
  var scan = document.getElementById("scan");
  if (!scan) {
    return;
  }
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName);
    var printable = event.key && event.key.length === 1;
    if (!typing && printable && !event.ctrlKey && !event.metaKey && !event.altKey) {
      scan.focus();
    }
  });
})();
