/* scielo-pub: small enhancements; every page reads completely without them.
   Copy buttons for "how to cite", figures opened full size and tables enlarged in a dialog. */
(function () {
  "use strict";
  var lang = document.documentElement.lang;
  var closeLabel = { pt: "Fechar", es: "Cerrar" }[lang] || "Close";
  var enlargeLabel = { pt: "Ampliar", es: "Ampliar" }[lang] || "Enlarge";

  function copyButtons() {
    document.querySelectorAll("button.copy[data-copy]").forEach(function (button) {
      var target = document.getElementById(button.getAttribute("data-copy"));
      if (!target || !navigator.clipboard) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(target.textContent.trim()).then(function () {
          button.setAttribute("data-state", "copied");
          button.firstChild.textContent = button.getAttribute("data-done");
        });
      });
    });
  }

  function dialog(content, label) {
    var box = document.createElement("dialog");
    box.className = "viewer";
    box.setAttribute("aria-label", label);
    var close = document.createElement("button");
    close.type = "button";
    close.className = "viewer-close";
    close.textContent = closeLabel;
    close.addEventListener("click", function () { box.close(); });
    box.addEventListener("close", function () { box.remove(); });
    box.addEventListener("click", function (event) { if (event.target === box) box.close(); });
    box.appendChild(close);
    box.appendChild(content);
    document.body.appendChild(box);
    box.showModal();
    return box;
  }

  function figures() {
    document.querySelectorAll("a.open-full").forEach(function (link) {
      link.addEventListener("click", function (event) {
        var img = link.querySelector("img");
        if (!img || typeof HTMLDialogElement === "undefined") return;
        event.preventDefault();
        var big = document.createElement("img");
        big.src = link.getAttribute("href");
        big.alt = img.alt;
        var figure = link.closest("figure");
        var caption = figure && figure.querySelector("figcaption");
        var holder = document.createElement("figure");
        holder.appendChild(big);
        if (caption) holder.appendChild(caption.cloneNode(true));
        dialog(holder, img.alt || enlargeLabel);
      });
    });
  }

  function tables() {
    if (typeof HTMLDialogElement === "undefined") return;
    document.querySelectorAll("figure.table-wrap").forEach(function (figure) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "enlarge";
      var caption = figure.querySelector("figcaption .label");
      var name = caption ? caption.textContent : "";
      button.textContent = enlargeLabel + (name ? " " + name : "");
      button.addEventListener("click", function () {
        var copy = figure.cloneNode(true);
        copy.removeAttribute("id");
        copy.querySelectorAll("[id]").forEach(function (el) { el.removeAttribute("id"); });
        copy.querySelectorAll("button.enlarge").forEach(function (el) { el.remove(); });
        dialog(copy, name || enlargeLabel);
      });
      figure.insertBefore(button, figure.firstChild.nextSibling);
    });
  }

  copyButtons();
  figures();
  tables();
})();
