// The /pantau login link: its token is in the address's fragment (never sent to a server by the
// browser); it is posted once, which opens a session, and removed from the address bar.
"use strict";
(async () => {
  const token = new URLSearchParams(location.hash.slice(1)).get("t") || "";
  history.replaceState(null, "", "/login");
  const response = token
    ? await fetch("/api/session/link", {
        method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ token }),
      })
    : { ok: false };
  if (response.ok) {
    location.replace("/");
    return;
  }
  const texts = await (await fetch("/api/public-texts")).json();
  const lang = (navigator.language || "id").startsWith("en") ? "en" : "id";
  document.getElementById("login-message").textContent = texts[lang]["web.public.link_invalid"];
})();
