/* houqin serve: the form's lists (add, remove, move), its names, and saving without losing
   what was typed. No build step; htmx (htmx.min.js) posts the form and swaps the result in.

   Every input's name is its prefix and its key path as JSON (v["项目建设",0,"名称"]), and its
   id the prefix and the path as `houqin check` prints it (v:项目建设[1].名称). The path is read
   from the page's structure: an element with data-seg adds that key, an element with
   data-item adds its position among its list's items. So after any change to a list the
   names are simply computed again, the same way the server computed them. */
(function () {
  "use strict";

  var dirty = false;

  function formatPath(loc) {
    var out = "";
    loc.forEach(function (part) {
      if (typeof part === "number") out += "[" + (part + 1) + "]";
      else out += (out ? "." : "") + part;
    });
    return out;
  }

  function itemsOf(parent) {
    return Array.prototype.filter.call(parent.children, function (c) { return c.hasAttribute("data-item"); });
  }

  function locOf(element, form) {
    var loc = [];
    for (var node = element; node && node !== form; node = node.parentElement) {
      if (node.hasAttribute("data-item")) loc.unshift(itemsOf(node.parentElement).indexOf(node));
      if (node.dataset.seg !== undefined) loc.unshift(node.dataset.seg);
    }
    return loc;
  }

  function renumber(form) {
    form.querySelectorAll("[data-prefix]").forEach(function (input) {
      var loc = locOf(input, form);
      var prefix = input.dataset.prefix;
      var id = prefix + ":" + formatPath(loc);
      input.name = prefix + JSON.stringify(loc);
      var field = input.closest("[data-field]");
      var label = field && field.querySelector(":scope > label");
      if (label && label.htmlFor === input.id) label.htmlFor = id;
      input.id = id;
    });
    form.querySelectorAll("[data-item]").forEach(function (item) {
      var number = item.querySelector(":scope > legend [data-number]");
      if (number) number.textContent = String(itemsOf(item.parentElement).indexOf(item) + 1);
    });
  }

  function hasContent(item) {
    return Array.prototype.some.call(item.querySelectorAll("input, textarea, select"), function (el) {
      return el.value && el.value.trim() !== "";
    });
  }

  function changed(form) {
    renumber(form);
    dirty = true;
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-action]");
    if (!button) return;
    var form = button.closest("form[data-form]");
    if (!form) return;
    var action = button.dataset.action;
    if (action === "add") {
      var list = button.closest("[data-list]");
      var template = list.querySelector(":scope > template");
      var items = list.querySelector(":scope > .items");
      var item = template.content.firstElementChild.cloneNode(true);
      items.appendChild(item);
      changed(form);
      var first = item.querySelector("input, textarea, select");
      if (first) first.focus();
      return;
    }
    var current = button.closest("[data-item]");
    if (!current) return;
    if (action === "remove") {
      if (hasContent(current) && !window.confirm("删除这一项？（保存后才生效；之前保存的各版仍在历史中）")) return;
      var next = current.nextElementSibling || current.previousElementSibling;
      current.remove();
      changed(form);
      if (next) { var tool = next.querySelector("button[data-action=remove]"); if (tool) tool.focus(); }
    } else if (action === "up" || action === "down") {
      var siblings = itemsOf(current.parentElement);
      var at = siblings.indexOf(current);
      var other = siblings[action === "up" ? at - 1 : at + 1];
      if (!other) return;
      if (action === "up") other.before(current); else other.after(current);
      changed(form);
      button.focus();
    }
  });

  document.addEventListener("input", function (event) {
    if (event.target.closest("form[data-form]")) dirty = true;
  });

  window.addEventListener("beforeunload", function (event) {
    if (dirty) { event.preventDefault(); event.returnValue = ""; }
  });

  document.addEventListener("submit", function (event) {
    if (event.target.matches("form[data-form]") && !window.htmx) dirty = false;  // the page is left for the saved one
  });

  document.addEventListener("keydown", function (event) {
    if ((event.ctrlKey || event.metaKey) && (event.key === "s" || event.key === "S")) {
      var form = document.querySelector("form[data-form]");
      if (form) { event.preventDefault(); form.requestSubmit(); }
    }
  });

  function banner(text) {
    var el = document.getElementById("banner");
    if (!el) return;
    el.textContent = text;
    el.hidden = !text;
  }

  // htmx: the CSRF token with every request; a failed save leaves the form as it is.
  document.addEventListener("htmx:configRequest", function (event) {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta) event.detail.headers["X-CSRF-Token"] = meta.content;
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var xhr = event.detail.xhr;
    if (event.detail.successful && xhr && xhr.status < 300) { dirty = false; banner(""); }
  });

  document.addEventListener("htmx:responseError", function (event) {
    var text = "";
    try {
      var page = new DOMParser().parseFromString(event.detail.xhr.responseText, "text/html");
      var message = page.querySelector(".error-message");
      text = message ? message.textContent.trim() : "";
    } catch (e) { text = ""; }
    banner("没有保存：" + (text || "服务器返回了错误（" + event.detail.xhr.status + "）。") + " 填写的内容仍在页面上。");
  });

  document.addEventListener("htmx:sendError", function () {
    banner("没有保存：连不上服务器（houqin serve 是否还在运行？）。填写的内容仍在页面上，服务器恢复后再点“保存”。");
  });
})();
