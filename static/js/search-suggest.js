// Suggestions as you type on the search page: dictionary terms and titles from
// /api/search/suggest/. Without JavaScript the form still works as a plain GET form.
(function () {
  "use strict";
  var form = document.querySelector("form[data-suggest-url]");
  if (!form) return;
  var input = form.querySelector("input[name=q]");
  var list = document.getElementById("search-suggestions");
  var timer = null;
  var active = -1;

  function close() {
    list.hidden = true;
    list.innerHTML = "";
    input.setAttribute("aria-expanded", "false");
    active = -1;
  }

  function choose(text) {
    input.value = text;
    close();
    form.submit();
  }

  function render(items) {
    list.innerHTML = "";
    items.forEach(function (text, index) {
      var li = document.createElement("li");
      li.id = "search-suggestion-" + index;
      li.setAttribute("role", "option");
      li.textContent = text;
      li.addEventListener("mousedown", function (event) {
        event.preventDefault();
        choose(text);
      });
      list.appendChild(li);
    });
    list.hidden = items.length === 0;
    input.setAttribute("aria-expanded", items.length ? "true" : "false");
  }

  function highlight(index) {
    var items = list.querySelectorAll("li");
    if (!items.length) return;
    active = (index + items.length) % items.length;
    items.forEach(function (li, i) {
      li.setAttribute("aria-selected", i === active ? "true" : "false");
    });
    input.setAttribute("aria-activedescendant", items[active].id);
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    var q = input.value.trim();
    if (!q) return close();
    timer = setTimeout(function () {
      fetch(form.dataset.suggestUrl + "?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
        .then(function (data) { if (input.value.trim() === q) render(data.suggestions || []); })
        .catch(close);
    }, 150);
  });

  input.addEventListener("keydown", function (event) {
    if (list.hidden) return;
    if (event.key === "ArrowDown") { event.preventDefault(); highlight(active + 1); }
    else if (event.key === "ArrowUp") { event.preventDefault(); highlight(active - 1); }
    else if (event.key === "Escape") { close(); }
    else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      choose(list.querySelectorAll("li")[active].textContent);
    }
  });
  input.addEventListener("blur", function () { setTimeout(close, 100); });
})();
