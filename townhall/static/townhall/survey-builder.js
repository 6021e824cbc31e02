/*
 * The survey builder's question form (surveys/staff/question_form.html): of the earlier
 * questions' answers, listed as checkbox groups so that the form works without JavaScript,
 * show only the group of the question chosen in "Show this question", and none for
 * "Always". Ticks in hidden groups are kept; the server reads only the chosen question's.
 */
(function () {
  "use strict";

  var select = document.getElementById("id_show_if");
  var box = document.querySelector("[data-condition-values]");
  if (!select || !box) {
    return;
  }
  var groups = Array.prototype.slice.call(box.querySelectorAll("[data-condition-of]"));

  function update() {
    var chosen = select.value;
    box.hidden = chosen === "";
    groups.forEach(function (group) {
      group.hidden = group.getAttribute("data-condition-of") !== chosen;
    });
  }

  select.addEventListener("change", update);
  update();
})();
