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
  // Progress of long work (the feedback analysis): ask the server for the progress block
  // every two seconds and swap it in; reload the page once the work is finished. Without
  // JavaScript the block has a link to refresh the page.
  document.querySelectorAll("[data-poll-url]").forEach(function (block) {
    var url = block.getAttribute("data-poll-url");
    function poll() {
      fetch(url, { credentials: "same-origin", headers: { "Accept": "text/html" } })
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (html) {
          if (html === null) { return; }
          var holder = document.createElement("div");
          holder.innerHTML = html;
          var fresh = holder.querySelector("[id='" + block.id + "']");
          if (!fresh) { return; }
          if (!fresh.hasAttribute("data-poll-url")) { window.location.reload(); return; }
          var bar = block.querySelector("progress");
          var status = block.querySelector("[role=status]");
          var freshBar = fresh.querySelector("progress");
          var freshStatus = fresh.querySelector("[role=status]");
          if (bar && freshBar) {
            bar.max = freshBar.max;
            bar.value = freshBar.value;
          }
          if (status && freshStatus) { status.textContent = freshStatus.textContent; }
          setTimeout(poll, 2000);
        })
        .catch(function () { setTimeout(poll, 5000); });
    }
    setTimeout(poll, 2000);
  });
  // Move focus to an error summary so keyboard and screen-reader users land on it.
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
})();
