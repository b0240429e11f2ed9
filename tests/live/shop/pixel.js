/* Pixel stand-in for tests: sends real-shaped Meta Pixel hits (capi.md §5.2) and the server part.
   GET image hits for PageView/ViewContent/InitiateCheckout, navigator.sendBeacon POSTs for
   AddToCart/Purchase, as the real fbevents.js does for larger payloads. */
(function () {
  var PIXEL = "1234567890";
  var params = new URLSearchParams(location.search);
  if (params.get("variant")) sessionStorage.setItem("variant", params.get("variant"));
  var variant = sessionStorage.getItem("variant") || "";

  function cookie(name) {
    var m = document.cookie.match(new RegExp("(?:^|; )" + name + "=([^;]*)"));
    return m ? decodeURIComponent(m[1]) : null;
  }
  if (!cookie("_fbp")) {
    var fbp = "fb.1." + Date.now() + "." + Math.floor(Math.random() * 1e10);
    document.cookie = "_fbp=" + fbp + "; path=/; max-age=7776000";
  }
  if (params.get("fbclid") && !cookie("_fbc")) {
    document.cookie = "_fbc=fb.1." + Date.now() + "." + params.get("fbclid") + "; path=/";
  }

  function eventId(name) {
    return name.toLowerCase() + "-" + Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 8);
  }

  function pixelParams(name, eid, custom) {
    var p = new URLSearchParams();
    p.set("id", PIXEL);
    p.set("ev", name);
    p.set("dl", location.href);
    p.set("rl", document.referrer);
    p.set("if", "false");
    p.set("ts", String(Date.now()));
    p.set("sw", "1280");
    p.set("sh", "800");
    p.set("v", "2.9.179");
    p.set("r", "stable");
    p.set("ec", "0");
    p.set("o", "4126");
    p.set("fbp", cookie("_fbp"));
    if (cookie("_fbc")) p.set("fbc", cookie("_fbc"));
    Object.keys(custom || {}).forEach(function (k) {
      var v = custom[k];
      p.set("cd[" + k + "]", typeof v === "object" ? JSON.stringify(v) : String(v));
    });
    if (eid) p.set("eid", eid);
    p.set("it", String(Date.now() - 1500));
    p.set("coo", "false");
    return p;
  }

  window.track = function (name, custom, beacon) {
    var eid = eventId(name);
    var sentEid = variant === "no_eid" && name === "AddToCart" ? null : eid;
    var p = pixelParams(name, sentEid, custom);
    if (beacon === "fetch") {
      // newer fbevents.js builds send some hits with fetch(keepalive) instead of a beacon
      p.set("rqm", "FGET");
      fetch("https://www.facebook.com/tr/", { method: "POST", mode: "no-cors", keepalive: true, body: p });
    } else if (beacon) {
      p.set("rqm", "SB");
      var form = new Blob([p.toString()], { type: "application/x-www-form-urlencoded" });
      navigator.sendBeacon("https://www.facebook.com/tr/", form);
    } else {
      p.set("rqm", "GET");
      new Image().src = "https://www.facebook.com/tr/?" + p.toString();
    }
    return fetch("/api/track", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ event_name: name, event_id: eid, custom_data: custom || {}, variant: variant, url: location.href }),
    });
  };

  window.attributionTrigger = function (name) {
    // Chrome's Attribution Reporting call the Pixel makes next to a conversion
    fetch("https://www.facebook.com/privacy_sandbox/pixel/register/trigger/?id=" + PIXEL + "&ev=" + name, { mode: "no-cors" });
  };

  window.step = function (name, custom, beacon, next) {
    window.track(name, custom, beacon).then(function () {
      document.getElementById("status").textContent = name + " sent";
      if (next) setTimeout(function () { location.href = next; }, 150);
      else document.title = "journey done";
    });
  };
})();
