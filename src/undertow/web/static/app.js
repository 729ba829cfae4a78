/* undertow dashboard: the only script besides htmx. No inline scripts anywhere (the
   Content-Security-Policy forbids them). Adds the CSRF token to every HTMX request. */
(function () {
  "use strict";
  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }
  document.addEventListener("htmx:configRequest", function (event) {
    event.detail.headers["X-CSRF-Token"] = csrfToken();
  });
  /* A failed HTMX request shows the server's message instead of failing silently. */
  document.addEventListener("htmx:responseError", function (event) {
    var box = document.getElementById("flash-error");
    if (!box) {
      box = document.createElement("p");
      box.id = "flash-error";
      box.className = "error";
      box.setAttribute("role", "alert");
      var main = document.getElementById("main");
      main.insertBefore(box, main.firstChild);
    }
    box.textContent = event.detail.xhr.responseText || "The request failed.";
  });
})();
