/*
 * The admin's date and time picker (the jQuery xdsoft datetimepicker Wagtail vendors) takes
 * its month and weekday names from Wagtail's translations, but writes its "Save Selected"
 * button in English and leaves its arrow buttons without a name. The picker is appended to
 * <body> when a date field is set up (on page load or when a block is added), so its
 * buttons are labelled in Chinese as they appear. Loaded on every admin page by the
 * insert_global_admin_js hook (library/wagtail_hooks.py).
 */
(() => {
  "use strict";

  const TEXT = { ".xdsoft_save_selected": "保存所选" };
  const NAMES = {
    ".xdsoft_monthpicker .xdsoft_prev": "上个月",
    ".xdsoft_monthpicker .xdsoft_next": "下个月",
    ".xdsoft_monthpicker .xdsoft_today_button": "回到今天",
    ".xdsoft_timepicker .xdsoft_prev": "更早的时间",
    ".xdsoft_timepicker .xdsoft_next": "更晚的时间",
  };

  const label = (root) => {
    if (!root.querySelectorAll) return;
    for (const [selector, text] of Object.entries(TEXT)) {
      root.querySelectorAll(selector).forEach((element) => {
        if (element.textContent !== text) element.textContent = text;
      });
    }
    for (const [selector, name] of Object.entries(NAMES)) {
      root.querySelectorAll(selector).forEach((element) => {
        element.setAttribute("aria-label", name);
        element.setAttribute("title", name);
      });
    }
  };

  const start = () => {
    label(document);
    new MutationObserver((records) => {
      for (const record of records) {
        for (const node of record.addedNodes) {
          if (node.nodeType === Node.ELEMENT_NODE && node.closest(".xdsoft_datetimepicker")) {
            label(node.closest(".xdsoft_datetimepicker"));
          } else if (node.nodeType === Node.ELEMENT_NODE) {
            label(node);
          }
        }
      }
    }).observe(document.body, { childList: true, subtree: true });
  };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
