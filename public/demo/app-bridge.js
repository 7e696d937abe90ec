/*
 * Snapshelf demo only: a small local stand-in for Shopify's App Bridge
 * script (cdn.shopify.com cannot be reached offline). Like App Bridge it
 * defines `window.shopify.idToken()` and adds `Authorization: Bearer <session
 * token>` to the app's same-origin fetches, so Remix data requests and form
 * posts authenticate through @shopify/shopify-app-remix's real code paths.
 * Tokens come from the demo-only /demo/session-token route, which answers 404
 * unless the server runs in demo mode. It also plays the admin's part of
 * keeping shop/host/embedded in the URL, so a reload re-enters the app.
 */
(function () {
  "use strict";
  var KEEP = ["embedded", "shop", "host"];
  var params = new URLSearchParams(window.location.search);
  var context = {};
  try {
    context = JSON.parse(window.sessionStorage.getItem("snapshelf-demo-context") || "{}");
  } catch (_error) {
    context = {};
  }
  KEEP.forEach(function (name) {
    if (params.get(name)) context[name] = params.get(name);
  });
  window.sessionStorage.setItem("snapshelf-demo-context", JSON.stringify(context));

  var cached = null;
  var realFetch = window.fetch.bind(window);

  function expiry(token) {
    try {
      var payload = JSON.parse(atob(token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/")));
      return payload.exp * 1000;
    } catch (_error) {
      return 0;
    }
  }

  function idToken() {
    // Reuse a token until ten seconds before it expires, as App Bridge does.
    if (cached && expiry(cached) - Date.now() > 10000) return Promise.resolve(cached);
    return realFetch("/demo/session-token", { credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (!response.ok)
          throw new Error("demo session token unavailable (" + response.status + ")");
        return response.json();
      })
      .then(function (body) {
        cached = body.token;
        return cached;
      });
  }

  function withContext(url) {
    var target = new URL(url, window.location.href);
    if (target.origin !== window.location.origin) return target.href;
    KEEP.forEach(function (name) {
      if (context[name] && !target.searchParams.has(name))
        target.searchParams.set(name, context[name]);
    });
    target.searchParams.delete("id_token");
    return target.href;
  }

  // The bounce page: the library asks App Bridge for a fresh token and a reload.
  var reload = params.get("shopify-reload");
  if (reload) {
    idToken().then(function (token) {
      var target = new URL(reload, window.location.href);
      if (target.origin !== window.location.origin) return;
      target.searchParams.set("id_token", token);
      window.location.replace(target.href);
    });
    return;
  }

  window.fetch = function (input, init) {
    var url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    if (
      new URL(url, window.location.href).origin !== window.location.origin ||
      url.indexOf("/demo/") !== -1
    ) {
      return realFetch(input, init);
    }
    return idToken().then(function (token) {
      var request = new Request(input, init);
      var headers = new Headers(request.headers);
      headers.set("Authorization", "Bearer " + token);
      return realFetch(new Request(request, { headers: headers }));
    });
  };

  // Keep the admin's parameters on every in-app URL (and drop the one-use
  // token), so reloading any page goes back through the library's auth.
  ["pushState", "replaceState"].forEach(function (method) {
    var original = window.history[method].bind(window.history);
    window.history[method] = function (state, title, url) {
      return original(state, title, url == null ? url : withContext(url));
    };
  });
  window.history.replaceState(window.history.state, "", window.location.href);

  window.shopify = {
    config: {
      apiKey: document.currentScript && document.currentScript.getAttribute("data-api-key"),
    },
    idToken: idToken,
    environment: { embedded: true, mobile: false, pos: false },
    toast: {
      show: function (message) {
        console.info("[shopify.toast]", message);
      },
    },
    loading: function () {},
  };
})();
