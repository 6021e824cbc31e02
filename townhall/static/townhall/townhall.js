// Small enhancements; every page works without this file.
(function () {
  "use strict";
  // Character counter for comment boxes: announces the count politely as people type.
  document.querySelectorAll(".char-count[data-max]").forEach(function (counter) {
    var field = counter.closest(".field");
    var box = field && field.querySelector("textarea");
    if (!box) { return; }
    var max = parseInt(counter.getAttribute("data-max"), 10);
    var number = counter.querySelector("[data-count]");
    var timer = null;
    function update() {
      var count = box.value.length;
      number.textContent = String(count);
      counter.classList.toggle("over", count > max);
    }
    box.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(update, 400);
    });
    update();
  });
  // Move focus to an error summary so keyboard and screen-reader users land on it.
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
})();
